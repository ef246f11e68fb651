import { csv } from "./csv.js";
import type { ExportFormat, FormatName } from "./format.js";
import { json } from "./json.js";
import { ndjson } from "./ndjson.js";
import { parquet } from "./parquet.js";
import { xml } from "./xml.js";

/** Every export format by its name (the `format` query parameter). */
export const FORMATS: Record<FormatName, ExportFormat> = { json, ndjson, csv, xml, parquet };
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];
