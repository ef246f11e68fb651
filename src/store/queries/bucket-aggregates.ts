import { type TObject, Type } from "@sinclair/typebox";
import { ValidationError } from "../../errors.js";
import { defineQuery, type Query } from "../query.js";
import { column, numericColumn } from "../sql/columns.js";
import type { Dialect } from "../sql/dialect.js";
import { allOf, compileFilter, type Filter } from "../sql/filter.js";
import { always, type Fragment, join, sql, trusted } from "../sql/fragment.js";
import { Num, NumOrNull } from "../sql/row-types.js";
import { bucketStart } from "./parts/bucket-start.js";
import { inRange, type TimeRange } from "./parts/time-range.js";
import type { Bucketing } from "./time-series.js";

/**
 * One aggregate of a bucket: events matching a filter, the sum of a numeric field over those
 * matching one, or the exact number of distinct values of a field.
 */
export type BucketAggregate =
  | { fn: "count"; filter?: Filter }
  | { fn: "sum"; field: string; filter?: Filter }
  | { fn: "distinct"; field: string };

export interface BucketValues {
  /** Start of the bucket, epoch ms UTC. */
  bucket_start: number;
  /** Each aggregate by its name: counts are numbers, sums of nothing null. */
  values: Record<string, number | null>;
}

/** Aggregate names become column aliases (`a_<name>`): short lower-case words only. */
const NAME = /^[a-z][a-z0-9_]{0,31}$/;
const rows = new Map<string, TObject>();

function rowSchema(names: string[]): TObject {
  const key = names.join(",");
  let row = rows.get(key);
  if (!row) {
    row = Type.Object({ bucket_start: Num, ...Object.fromEntries(names.map((n) => [`a_${n}`, NumOrNull])) });
    rows.set(key, row);
  }
  return row;
}

function aggregate(a: BucketAggregate, name: string, d: Dialect): Fragment {
  const where = `aggregates.${name}`;
  if (a.fn === "distinct") return d.countDistinct(trusted(column(a.field, `${where}.field`).column));
  const cond = a.filter ? compileFilter(a.filter, d, `${where}.filter`) : always;
  if (a.fn === "count") return d.countIf(cond);
  return d.sumIf(trusted(numericColumn(a.field, `${where}.field`).column), cond);
}

/**
 * Several aggregates per time bucket in one scan, oldest bucket first — what a rate or a sum of
 * two fields needs (errors over requests, input plus output tokens, distinct users). Buckets
 * without events are absent, as in time-series: the caller fills gaps.
 */
export function bucketAggregates(
  spec: TimeRange & { bucket: Bucketing; aggregates: Record<string, BucketAggregate>; filter?: Filter },
): Query<BucketValues> {
  const names = Object.keys(spec.aggregates);
  if (!names.length)
    throw new ValidationError("Invalid query", [{ field: "aggregates", message: "needs at least one" }]);
  for (const n of names) {
    if (!NAME.test(n)) {
      throw new ValidationError("Invalid query", [{ field: "aggregates", message: `'${n}' is not a lower-case name` }]);
    }
  }
  const b = spec.bucket;
  return defineQuery({
    name: "bucket-aggregates",
    row: rowSchema(names),
    statement(d) {
      const start = bucketStart(b, d);
      const list = names.map(
        (n) => sql`${aggregate(spec.aggregates[n] as BucketAggregate, n, d)} AS ${trusted(`a_${n}`)}`,
      );
      return sql`SELECT ${start} AS bucket_start, ${join(list, ", ")}
        FROM events WHERE ${compileFilter(allOf(inRange(spec), spec.filter), d)}
        GROUP BY bucket_start ORDER BY bucket_start`;
    },
    map: (r) => {
      const row = r as Record<string, number | null>;
      return {
        bucket_start: row.bucket_start as number,
        values: Object.fromEntries(names.map((n) => [n, row[`a_${n}`] ?? null])),
      };
    },
  });
}
