import type { Column, ColumnType, Row } from "../table.js";

/** Values column by column: one array per column, all of the same length. */
export type ColumnValues = unknown[][];

/**
 * A value as it travels and waits to be written: times as epoch ms (views made for the API give
 * ISO 8601 text), nested data as its JSON text, the rest as it is.
 */
function held(v: unknown, type: ColumnType): unknown {
  if (v === undefined || v === null) return null;
  if (type === "timestamp") return typeof v === "string" ? Date.parse(v) : v;
  if (type === "json") return JSON.stringify(v);
  return v;
}

/** Rows taken apart into their columns' values as they arrive, up to `capacity` rows. */
export class RowBatch {
  private values: ColumnValues;
  private count = 0;

  constructor(
    private readonly columns: readonly Column[],
    readonly capacity: number,
  ) {
    this.values = columns.map(() => []);
  }

  /** Takes the row's values; answers whether the batch is full. */
  add(row: Row): boolean {
    for (let i = 0; i < this.columns.length; i++) {
      const c = this.columns[i] as Column;
      (this.values[i] as unknown[]).push(held(row[c.name], c.type));
    }
    this.count += 1;
    return this.count === this.capacity;
  }

  get size(): number {
    return this.count;
  }

  /** The batch's values, leaving it empty. */
  take(): ColumnValues {
    const out = this.values;
    this.values = this.columns.map(() => []);
    this.count = 0;
    return out;
  }
}
