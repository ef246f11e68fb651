import { defineQuery, type Query } from "../query.js";
import { numericColumn } from "../sql/columns.js";
import { allOf, compileFilter, type Filter } from "../sql/filter.js";
import { always, join, sql, trusted } from "../sql/fragment.js";
import { Num } from "../sql/row-types.js";
import { bucketStart } from "./parts/bucket-start.js";
import { namedRow } from "./parts/named-row.js";
import { inRange, type TimeRange } from "./parts/time-range.js";
import type { Bucketing } from "./time-series.js";

export interface BucketPercentiles {
  /** Start of the bucket, epoch ms UTC. */
  bucket_start: number;
  /** One per requested fraction, in order: numpy's linear percentile of the bucket's values. */
  values: Array<number | null>;
}

/**
 * Percentiles of a numeric field per time bucket (p50/p95/p99 latency per hour), oldest first, by
 * numpy's linear rule on both engines. Buckets without a value of the field are absent: the
 * caller shows them as gaps.
 */
export function bucketPercentiles(
  spec: TimeRange & { bucket: Bucketing; field: string; fractions: number[]; filter?: Filter },
): Query<BucketPercentiles> {
  const x = trusted(numericColumn(spec.field, "field").column);
  const b = spec.bucket;
  return defineQuery({
    name: "bucket-percentiles",
    row: namedRow(
      "p_",
      spec.fractions.map((_, i) => String(i)),
      { bucket_start: Num },
    ),
    statement(d) {
      const start = bucketStart(b, d);
      const ps = spec.fractions.map((p, i) => sql`${d.percentileIf(x, p, always)} AS ${trusted(`p_${i}`)}`);
      const where = allOf(inRange(spec), { field: spec.field, op: "not_null" }, spec.filter);
      return sql`SELECT ${start} AS bucket_start, ${join(ps, ", ")}
        FROM events WHERE ${compileFilter(where, d)}
        GROUP BY bucket_start ORDER BY bucket_start`;
    },
    map: (r) => {
      const row = r as Record<string, number | null>;
      return { bucket_start: row.bucket_start as number, values: spec.fractions.map((_, i) => row[`p_${i}`] ?? null) };
    },
  });
}
