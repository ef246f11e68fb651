import type { Column, Row, Table } from "../table.js";
import { chunked } from "./chunks.js";
import type { ExportFormat } from "./format.js";
import { textValue } from "./values.js";

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180 field: quoted when it holds a comma, a quote or a line break, inner quotes doubled. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvLine(values: string[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

async function* lines(columns: readonly Column[], rows: AsyncIterable<Row>): AsyncGenerator<string> {
  // The header is always written, so an empty export is still a table with its columns.
  yield csvLine(columns.map((c) => c.name));
  for await (const row of rows) yield csvLine(columns.map((c) => textValue(row[c.name], c.type)));
}

/** RFC 4180 CSV: a header, CRLF line ends, ISO 8601 UTC times, true/false, nested data as JSON text, null empty. */
export const csv: ExportFormat = {
  name: "csv",
  contentType: "text/csv; charset=utf-8",
  extension: "csv",
  write: (table: Table) => chunked(lines(table.columns, table.rows)),
  // A line no data row can be: one unquoted field starting with '#'; a row with several columns has commas.
  failure: (message) => `#export_error: ${message.replace(/[\r\n]+/g, " ")}\r\n`,
};
