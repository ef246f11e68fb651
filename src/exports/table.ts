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
  /** The rows counted when the export began, when known (a progress figure: rows stored meanwhile are read too). */
  count?: number;
}

/** A table of rows already in memory (a report's, a series'). */
export function listed(columns: readonly Column[], rows: readonly Row[]): Table {
  return {
    columns,
    count: rows.length,
    rows: (async function* () {
      yield* rows;
    })(),
  };
}
