import { Type } from "@sinclair/typebox";
import { defineQuery, type Query } from "../query.js";
import { numericColumn } from "../sql/columns.js";
import { allOf, compileFilter, type Filter } from "../sql/filter.js";
import { always, count, sql, trusted } from "../sql/fragment.js";
import { Num } from "../sql/row-types.js";
import { inRange, type TimeRange } from "./parts/time-range.js";

const Row = Type.Object({ around: Type.Array(Num) });

/**
 * `length` values of a field in [lo, hi) (no `lo`: from the lowest) over a range, ascending from the
 * `start`-th (1-based) of them: the values around a rank whose place in the slice the caller knows
 * (src/store/cache/range-percentile.ts). Only the slice's rows reach the sort.
 */
export function sliceValues(
  spec: TimeRange & { field: string; lo?: number; hi: number; start: number; length: number; filter?: Filter },
): Query<{ around: number[] }> {
  const x = trusted(numericColumn(spec.field, "field").column);
  return defineQuery({
    name: "slice-values",
    row: Row,
    statement(d) {
      const bounds = spec.lo === undefined ? sql`${x} < ${spec.hi}` : sql`${x} >= ${spec.lo} AND ${x} < ${spec.hi}`;
      const where = compileFilter(allOf(inRange(spec), spec.filter), d);
      return sql`SELECT ${d.sortedSliceIf(x, count(spec.start, "start"), spec.length, always)} AS around
        FROM events WHERE ${where} AND ${bounds}`;
    },
  });
}
