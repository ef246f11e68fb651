import type { Cell, Table as ReportTable } from "../../reports/document.js";
import { type Column, type ColumnType, listed, type Row, type Table } from "../table.js";

/** A column's type from its values: numbers, booleans or text when they agree, JSON when they mix. */
function typeOf(values: Cell[]): ColumnType {
  const kinds = new Set(values.filter((v) => v !== null).map((v) => typeof v));
  if (kinds.size !== 1) return kinds.size ? "json" : "string";
  const [kind] = kinds;
  return kind === "number" ? "number" : kind === "boolean" ? "boolean" : "string";
}

/**
 * A report's tables as one table: `report_table` names the report table a row comes from, then every
 * column any of them has (first seen first); a row leaves the other tables' columns empty.
 */
export function reportTable(tables: readonly ReportTable[]): Table {
  const names: string[] = [];
  const values = new Map<string, Cell[]>();
  const rows: Row[] = [];
  for (const t of tables) {
    for (const c of t.columns) {
      if (!values.has(c)) {
        names.push(c);
        values.set(c, []);
      }
    }
    for (const cells of t.rows) {
      const row: Row = { report_table: t.name };
      t.columns.forEach((c, i) => {
        const v = cells[i] ?? null;
        row[c] = v;
        values.get(c)?.push(v);
      });
      rows.push(row);
    }
  }
  const columns: Column[] = [
    { name: "report_table", type: "string" },
    ...names.map((name) => ({ name, type: typeOf(values.get(name) ?? []) })),
  ];
  return listed(columns, rows);
}
