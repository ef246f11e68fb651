import type { Fragment, SqlValue } from "./fragment.js";

export type Engine = "duckdb" | "clickhouse";

/** Calendar buckets, in a time zone: a week starts on Monday (ISO 8601). */
export type CalendarUnit = "hour" | "day" | "week" | "month";

/** A value kind readable from the JSON `data`. */
export type DataKind = "text" | "double";

/**
 * What really differs between the engines, and nothing else: every query is written once against
 * this interface. Aggregates that see no rows answer NULL on both engines (ClickHouse's own answer
 * would be 0 or '').
 */
export interface Dialect {
  readonly engine: Engine;
  /** The statement as the engine's client takes it: text plus parameters (DuckDB) or text alone (ClickHouse). */
  render(f: Fragment): { text: string; params: SqlValue[] };
  /** Rows for which `cond` holds. */
  countIf(cond: Fragment): Fragment;
  /** Sum of `x` over rows where `cond` holds; NULL when there are none. */
  sumIf(x: Fragment, cond: Fragment): Fragment;
  /** Mean of the non-NULL `x` where `cond` holds; NULL when there are none. */
  avgIf(x: Fragment, cond: Fragment): Fragment;
  /** Smallest `x` where `cond` holds; NULL when there are none. */
  minIf(x: Fragment, cond: Fragment): Fragment;
  /** Largest `x` where `cond` holds; NULL when there are none. */
  maxIf(x: Fragment, cond: Fragment): Fragment;
  /** `value` of the row with the smallest `by` among those where `cond` holds; NULL when there are none. */
  firstIf(value: Fragment, by: Fragment, cond: Fragment): Fragment;
  /** Exact count of distinct non-NULL values. */
  countDistinct(x: Fragment): Fragment;
  /** numpy's default (linear) percentile of the non-NULL `x` where `cond` holds, `p` in [0, 1]; NULL when none. */
  percentileIf(x: Fragment, p: number, cond: Fragment): Fragment;
  /** Natural logarithm. */
  ln(x: Fragment): Fragment;
  /**
   * `length` of the non-NULL `x` where `cond` holds, sorted ascending, from the `start`-th (1-based,
   * an integral expression of aggregates) on, as an array of floats; fewer past the end. A `start`
   * below 1 gives no defined answer: the caller checks it before reading.
   */
  sortedSliceIf(x: Fragment, start: Fragment, length: number, cond: Fragment): Fragment;
  /** Start (epoch ms) of the fixed-width bucket holding epoch-ms `ts`: multiples of `widthMs` from the epoch. */
  bucket(ts: Fragment, widthMs: number): Fragment;
  /** Start (epoch ms, UTC) of the calendar hour/day/week/month holding `ts`, as clocks in `timeZone` show it. */
  calendarBucket(ts: Fragment, unit: CalendarUnit, timeZone: string): Fragment;
  /** A top-level field of the JSON `data` as text or as a number; NULL when absent. */
  dataField(name: string, kind: DataKind): Fragment;
  /** `x LIKE pattern` where `pattern`'s own `\`, `%` and `_` are escaped with `\`. */
  like(x: Fragment, pattern: string): Fragment;
}
