import { Type } from "@sinclair/typebox";
import { defineQuery, type Query } from "../query.js";
import { dataFieldName } from "../sql/columns.js";
import { allOf, compileFilter, type Filter } from "../sql/filter.js";
import { count, sql } from "../sql/fragment.js";
import { Num, Text } from "../sql/row-types.js";
import { inRange, type TimeRange } from "./parts/time-range.js";

export interface TopDataValue {
  value: string;
  count: number;
}

const Row = Type.Object({ data_value: Text, n: Num });

/**
 * The most frequent texts of a top-level field of the JSON `data` that has no typed column (error
 * messages), exactly: most events first, ties by text. Events without the field are not counted.
 */
export function topDataValues(
  spec: TimeRange & { field: string; limit: number; filter?: Filter },
): Query<TopDataValue> {
  const name = dataFieldName(spec.field, "field");
  return defineQuery({
    name: "top-data-values",
    row: Row,
    statement(d) {
      const v = d.dataField(name, "text");
      return sql`SELECT data_value, count(*) AS n FROM (
          SELECT ${v} AS data_value FROM events WHERE ${compileFilter(allOf(inRange(spec), spec.filter), d)}
        ) AS texts
        WHERE data_value IS NOT NULL
        GROUP BY data_value ORDER BY n DESC, data_value LIMIT ${count(spec.limit, "limit")}`;
    },
    map: (r) => ({ value: r.data_value, count: r.n }),
  });
}
