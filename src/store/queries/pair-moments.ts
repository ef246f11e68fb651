import { Type } from "@sinclair/typebox";
import { defineQuery, type Query } from "../query.js";
import { numericColumn } from "../sql/columns.js";
import { allOf, compileFilter, type Filter } from "../sql/filter.js";
import { always, sql, trusted } from "../sql/fragment.js";
import { Num, NumOrNull } from "../sql/row-types.js";
import { inRange, type TimeRange } from "./parts/time-range.js";

/** Sums over the events carrying both fields: what Pearson's r is computed from. */
export interface PairMoments {
  n: number;
  sx: number | null;
  sy: number | null;
  sxx: number | null;
  syy: number | null;
  sxy: number | null;
}

const Row = Type.Object({ n: Num, sx: NumOrNull, sy: NumOrNull, sxx: NumOrNull, syy: NumOrNull, sxy: NumOrNull });

/** The number of events with both numeric fields over a range, and the sums of x, y, x², y² and xy. */
export function pairMoments(spec: TimeRange & { x: string; y: string; filter?: Filter }): Query<PairMoments> {
  const x = trusted(numericColumn(spec.x, "x").column);
  const y = trusted(numericColumn(spec.y, "y").column);
  return defineQuery({
    name: "pair-moments",
    row: Row,
    statement(d) {
      const where = allOf(
        inRange(spec),
        { field: spec.x, op: "not_null" },
        { field: spec.y, op: "not_null" },
        spec.filter,
      );
      return sql`SELECT count(*) AS n, ${d.sumIf(x, always)} AS sx, ${d.sumIf(y, always)} AS sy,
        ${d.sumIf(sql`${x} * ${x}`, always)} AS sxx, ${d.sumIf(sql`${y} * ${y}`, always)} AS syy,
        ${d.sumIf(sql`${x} * ${y}`, always)} AS sxy
        FROM events WHERE ${compileFilter(where, d)}`;
    },
  });
}
