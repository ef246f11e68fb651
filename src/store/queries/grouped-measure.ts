import { Type } from "@sinclair/typebox";
import { defineQuery, type Query } from "../query.js";
import { column } from "../sql/columns.js";
import { allOf, compileFilter, type Filter } from "../sql/filter.js";
import { count, sql, trusted } from "../sql/fragment.js";
import { Num, NumOrNull } from "../sql/row-types.js";
import { groupKey } from "./parts/group-key.js";
import { inRange, type TimeRange } from "./parts/time-range.js";
import { measureValue, type ValueMeasure } from "./parts/value-measure.js";

export interface GroupedValue {
  key: string | number | boolean;
  value: number | null;
  /** Groups there are in all (events with a value of `by`), however many `limit` let through. */
  total_groups: number;
}

const Row = Type.Object({ group_key: Type.Unknown(), value: NumOrNull, total_groups: Num });

/**
 * A measure per value of a field over a range, largest first (groups whose measure is NULL last,
 * then by key), the top `limit`, each row carrying how many groups there are in all, so a table
 * can say "top 25 of 487". Events without the field belong to no group.
 */
export function groupedMeasure(
  spec: TimeRange & { by: string; measure: ValueMeasure; limit: number; filter?: Filter },
): Query<GroupedValue> {
  const by = column(spec.by, "by");
  const key = trusted(by.column);
  return defineQuery({
    name: "grouped-measure",
    row: Row,
    statement(d) {
      const where = compileFilter(allOf(inRange(spec), { field: spec.by, op: "not_null" }, spec.filter), d);
      return sql`SELECT ${key} AS group_key, ${measureValue(spec.measure, d)} AS value,
        (SELECT ${d.countDistinct(key)} FROM events WHERE ${where}) AS total_groups
        FROM events WHERE ${where}
        GROUP BY group_key ORDER BY value DESC NULLS LAST, group_key LIMIT ${count(spec.limit, "limit")}`;
    },
    map: (r) => ({
      key: groupKey(r.group_key, by.kind) as string | number | boolean,
      value: r.value,
      total_groups: r.total_groups,
    }),
  });
}
