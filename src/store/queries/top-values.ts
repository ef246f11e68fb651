import { Type } from "@sinclair/typebox";
import { defineQuery, type Query } from "../query.js";
import { column } from "../sql/columns.js";
import { allOf, compileFilter, type Filter } from "../sql/filter.js";
import { count, sql, trusted } from "../sql/fragment.js";
import { Num } from "../sql/row-types.js";
import { groupKey } from "./parts/group-key.js";
import { inRange, type TimeRange } from "./parts/time-range.js";

export interface TopValue {
  value: string | number | boolean;
  count: number;
}

const Row = Type.Object({ top_value: Type.Unknown(), n: Num });

/**
 * The most frequent values of a field over a range, exactly (GROUP BY, not ClickHouse's approximate
 * topK): most events first, ties by value ascending. Events without the field are not counted.
 */
export function topValues(spec: TimeRange & { field: string; limit: number; filter?: Filter }): Query<TopValue> {
  const c = column(spec.field, "field");
  return defineQuery({
    name: "top-values",
    row: Row,
    statement: (d) => sql`SELECT ${trusted(c.column)} AS top_value, count(*) AS n
      FROM events WHERE ${compileFilter(allOf(inRange(spec), { field: spec.field, op: "not_null" }, spec.filter), d)}
      GROUP BY top_value ORDER BY n DESC, top_value LIMIT ${count(spec.limit, "limit")}`,
    map: (r) => ({ value: groupKey(r.top_value, c.kind) as string | number | boolean, count: r.n }),
  });
}
