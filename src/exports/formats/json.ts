import type { Table } from "../table.js";
import { chunked } from "./chunks.js";
import type { ExportFormat, WriteOptions } from "./format.js";
import { jsonRow } from "./ndjson.js";

async function* pieces(table: Table, options: WriteOptions): AsyncGenerator<string> {
  yield options.metadata ? `{"metadata":${JSON.stringify(options.metadata)},"rows":[` : "[";
  let first = true;
  for await (const row of table.rows) {
    yield `${first ? "\n" : ",\n"}${jsonRow(table.columns, row)}`;
    first = false;
  }
  yield options.metadata ? "\n]}\n" : "\n]\n";
}

/** A JSON array of row objects, or `{"metadata": {...}, "rows": [...]}` when metadata is asked for. */
export const json: ExportFormat = {
  name: "json",
  contentType: "application/json; charset=utf-8",
  extension: "json",
  write: (table, options) => chunked(pieces(table, options)),
  // The array is never closed, so the body does not parse; its last line names the error.
  failure: (message) => `,\n${JSON.stringify({ export_error: message })}\n`,
};
