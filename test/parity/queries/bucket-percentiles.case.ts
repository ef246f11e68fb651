import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { type BucketPercentiles, bucketPercentiles } from "../../../src/store/queries/bucket-percentiles.js";
import type { Bucketing } from "../../../src/store/queries/time-series.js";
import { CPU_HOUR, DST_SPAN } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { byBucket, calendarStart, fieldOf, numpyPercentile } from "./oracle.js";

type Spec = { from: number; to: number; bucket: Bucketing; field: string; fractions: number[] };

function oracle(events: readonly EventRecord[], spec: Spec): BucketPercentiles[] {
  const b = spec.bucket;
  const start = (ts: number) =>
    "unit" in b ? calendarStart(ts, b.unit, b.timeZone) : Math.floor(ts / b.widthMs) * b.widthMs;
  const withField = events.filter((e) => typeof fieldOf(e, spec.field) === "number");
  return byBucket(withField, spec, start).map(([bucket_start, xs]) => ({
    bucket_start,
    values: spec.fractions.map((p) =>
      numpyPercentile(
        xs.map((e) => fieldOf(e, spec.field) as number),
        p,
      ),
    ),
  }));
}

export const cases: QueryCase[] = [
  {
    title: "percentiles per bucket: cpu 1..20 in 10-minute buckets, processing time per New York day across DST",
    async run(same, events) {
      const tenMinutes: Spec = {
        ...CPU_HOUR,
        bucket: { widthMs: 600_000 },
        field: "cpu_usage",
        fractions: [0.5, 0.95],
      };
      const rows = await same("cpu", bucketPercentiles(tenMinutes), oracle(events, tenMinutes));
      // 1..10 in the first bucket: p50 5.5, p95 9.55; 11..20 in the second.
      const to12 = (v: number | null) => (v === null ? null : Number(v.toPrecision(12)));
      assert.deepEqual(
        rows.map((r) => ({ ...r, values: r.values.map(to12) })),
        [
          { bucket_start: CPU_HOUR.from, values: [5.5, 9.55] },
          { bucket_start: CPU_HOUR.from + 600_000, values: [15.5, 19.55] },
        ],
      );
      for (const spec of [
        {
          ...DST_SPAN,
          bucket: { unit: "day", timeZone: "America/New_York" },
          field: "processing_time",
          fractions: [0.5, 0.99],
        },
        { ...DST_SPAN, bucket: { widthMs: 3_600_000 }, field: "input_tokens", fractions: [0.9] },
      ] satisfies Spec[]) {
        await same(JSON.stringify(spec), bucketPercentiles(spec), oracle(events, spec));
      }
    },
  },
];
