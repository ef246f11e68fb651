import { Type } from "@sinclair/typebox";
import { defineQuery, type Query } from "../query.js";
import { column, numericColumn } from "../sql/columns.js";
import { allOf, compileFilter, type Filter } from "../sql/filter.js";
import { always, empty, join, sql, trusted } from "../sql/fragment.js";
import { Num, NumOrNull } from "../sql/row-types.js";
import { groupKey } from "./parts/group-key.js";
import { inRange, type TimeRange } from "./parts/time-range.js";

export interface PercentileRow {
  /** The group's value of the `by` field (null for events without one); null too when not grouped. */
  key: string | number | boolean | null;
  /** Events in the group with a value of the field. */
  count: number;
  /** One per requested fraction, in order: numpy's default (linear) percentile. */
  values: number[];
}

/**
 * Percentiles of a numeric field over a range, optionally per value of another field (p95 latency
 * by endpoint, by model …), largest groups first. Each is numpy's linear rule on both engines.
 */
export function percentiles(
  spec: TimeRange & { field: string; fractions: number[]; by?: string; filter?: Filter },
): Query<PercentileRow> {
  const x = trusted(numericColumn(spec.field, "field").column);
  const by = spec.by === undefined ? null : column(spec.by, "by");
  const Row = Type.Object({
    group_key: Type.Unknown(),
    n: Num,
    ...Object.fromEntries(spec.fractions.map((_, i) => [`p_${i}`, NumOrNull])),
  });
  return defineQuery({
    name: "percentiles",
    row: Row,
    statement(d) {
      const ps = spec.fractions.map((p, i) => sql`${d.percentileIf(x, p, always)} AS ${trusted(`p_${i}`)}`);
      const key = by ? trusted(by.column) : sql`NULL`;
      return sql`SELECT ${key} AS group_key, count(${x}) AS n, ${join(ps, ", ")}
        FROM events WHERE ${compileFilter(allOf(inRange(spec), { field: spec.field, op: "not_null" }, spec.filter), d)}
        ${by ? sql`GROUP BY group_key ORDER BY n DESC, group_key` : empty}`;
    },
    map: (r) => {
      const row = r as unknown as Record<string, number | null>;
      return {
        key: groupKey(r.group_key, by?.kind),
        count: r.n,
        values: spec.fractions.map((_, i) => row[`p_${i}`] as number),
      };
    },
  });
}
