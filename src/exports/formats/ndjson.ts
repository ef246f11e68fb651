import type { Column, Row, Table } from "../table.js";
import { chunked } from "./chunks.js";
import type { ExportFormat } from "./format.js";
import { jsonValue } from "./values.js";

/** A row as a JSON object in the columns' order. */
export function jsonRow(columns: readonly Column[], row: Row): string {
  const out: Record<string, unknown> = {};
  for (const c of columns) out[c.name] = jsonValue(row[c.name], c.type);
  return JSON.stringify(out);
}

async function* lines(table: Table): AsyncGenerator<string> {
  for await (const row of table.rows) yield `${jsonRow(table.columns, row)}\n`;
}

/** Newline-delimited JSON: one object per line, times as ISO 8601 UTC. */
export const ndjson: ExportFormat = {
  name: "ndjson",
  contentType: "application/x-ndjson",
  extension: "ndjson",
  write: (table) => chunked(lines(table)),
  // Rows have the columns' keys; this line has only `export_error`.
  failure: (message) => `${JSON.stringify({ export_error: message })}\n`,
};
