/**
 * What every export writes: typed columns and flat rows. A `timestamp` value is epoch ms UTC, a
 * `json` value any JSON value (nested objects, lists); null stands for "no value" in every type.
 */
export type ColumnType = "string" | "integer" | "number" | "boolean" | "timestamp" | "json";

export interface Column {
  name: string;
  type: ColumnType;
}

export type Row = Record<string, unknown>;

/** An export's table: its columns, then its rows as they are read (a stream, never all in memory). */
export interface Table {
  columns: readonly Column[];
  rows: AsyncIterable<Row>;
}

/** Rows already in memory (a report's, a series'), as the stream a table takes. */
export async function* listed(rows: readonly Row[]): AsyncGenerator<Row> {
  yield* rows;
}
