import type { Cell, ReportDocument, Table } from "../document.js";
import { tablesOf } from "../document.js";

const CRLF = "\r\n";

/** One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF (quotes doubled); null is empty. */
export function csvField(v: Cell): string {
  const text = v === null ? "" : String(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const line = (cells: readonly Cell[]) => cells.map(csvField).join(",") + CRLF;

function csvTable(t: Table): string {
  return line(["section", t.name]) + line(t.columns) + t.rows.map(line).join("");
}

/**
 * The report's tables as CSV (RFC 4180 quoting, CRLF line ends, full precision): each table starts
 * with a section row `section,<table name>`, then its header row and its rows; an empty line
 * separates tables. A table without rows keeps its section and header rows.
 */
export function renderCsv(doc: ReportDocument): string {
  return tablesOf(doc).map(csvTable).join(CRLF);
}
