import { Type } from "@sinclair/typebox";
import { defineQuery, type Query } from "../query.js";
import { numericColumn } from "../sql/columns.js";
import { allOf, compileFilter, type Filter } from "../sql/filter.js";
import { sql, trusted } from "../sql/fragment.js";
import { Num, NumOrNull } from "../sql/row-types.js";
import { bucketStart } from "./parts/bucket-start.js";
import { inRange, type TimeRange } from "./parts/time-range.js";
import type { Bucketing } from "./time-series.js";

/** Bins per factor e of value: each bin spans 1 % of its values (e^(1/100.5) ≈ 1.01). */
export const BINS_PER_E = 100.5;

export interface ValueBin {
  /** Start of the time bucket, epoch ms UTC. */
  bucket_start: number;
  /** The bin: values in [e^(bin/BINS_PER_E), e^((bin+1)/BINS_PER_E)); null for values ≤ 0. */
  bin: number | null;
  n: number;
}

const Row = Type.Object({ bucket_start: Num, value_bin: NumOrNull, n: Num });

/**
 * How many values of a numeric field fall in each logarithmic bin, per time bucket, oldest bucket
 * and smallest bin first: a histogram fine enough to find which values hold a given rank (see
 * src/store/cache/range-percentile.ts), kept per closed bucket by the bucket cache.
 */
export function valueBins(spec: TimeRange & { bucket: Bucketing; field: string; filter?: Filter }): Query<ValueBin> {
  const x = trusted(numericColumn(spec.field, "field").column);
  const b = spec.bucket;
  return defineQuery({
    name: "value-bins",
    row: Row,
    statement(d) {
      const start = bucketStart(b, d);
      const where = allOf(inRange(spec), { field: spec.field, op: "not_null" }, spec.filter);
      return sql`SELECT ${start} AS bucket_start,
          CASE WHEN ${x} > 0 THEN floor(${d.ln(x)} * ${BINS_PER_E}) ELSE NULL END AS value_bin, count(*) AS n
        FROM events WHERE ${compileFilter(where, d)}
        GROUP BY bucket_start, value_bin ORDER BY bucket_start, value_bin NULLS FIRST`;
    },
    map: (r) => ({ bucket_start: r.bucket_start, bin: r.value_bin, n: r.n }),
  });
}
