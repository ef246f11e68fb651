import { Type } from "@sinclair/typebox";
import { defineQuery, type Query } from "../query.js";
import { numericColumn } from "../sql/columns.js";
import { allOf, compileFilter, type Filter } from "../sql/filter.js";
import { fraction, sql, trusted } from "../sql/fragment.js";
import { Num } from "../sql/row-types.js";
import { inRange, type TimeRange } from "./parts/time-range.js";

export interface RankSlice {
  /** Values of the field below `lo`, in [lo, hi), and in all (NULLs aside); no `lo`: none below. */
  below: number;
  inside: number;
  total: number;
  /**
   * The values in [lo, hi) of ranks ⌊(total − 1)·p⌋ and the next (0-based over all values),
   * ascending; meaningful only when both ranks fall in [below, below + inside).
   */
  around: number[];
}

const Row = Type.Object({ below: Num, inside: Num, total: Num, around: Type.Array(Num) });

/**
 * The two values around the rank of percentile `p`, read from the values in [lo, hi) alone, with
 * the counts that say whether that rank falls there — all in one scan, so one snapshot: a
 * percentile exact without sorting every value (src/store/cache/range-percentile.ts).
 */
export function rankSlice(
  spec: TimeRange & { field: string; p: number; lo?: number; hi: number; filter?: Filter },
): Query<RankSlice> {
  const x = trusted(numericColumn(spec.field, "field").column);
  return defineQuery({
    name: "rank-slice",
    row: Row,
    statement(d) {
      const lo = spec.lo;
      const inside = lo === undefined ? sql`${x} < ${spec.hi}` : sql`${x} >= ${lo} AND ${x} < ${spec.hi}`;
      const below = lo === undefined ? sql`0` : d.countIf(sql`${x} < ${lo}`);
      // ⌊n·p − p⌋ is ⌊(n − 1)·p⌋ but for rounding; the caller checks it against its own.
      const rank = sql`floor(count(*) * ${fraction(spec.p)} - ${fraction(spec.p)})`;
      const where = allOf(inRange(spec), { field: spec.field, op: "not_null" }, spec.filter);
      return sql`SELECT ${below} AS below, ${d.countIf(inside)} AS inside, count(*) AS total,
          ${d.sortedSliceIf(x, sql`${rank} - ${below} + 1`, 2, inside)} AS around
        FROM events WHERE ${compileFilter(where, d)}`;
    },
  });
}
