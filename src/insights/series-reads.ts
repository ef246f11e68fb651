import {
  cachedBucketAggregates,
  cachedBucketPercentiles,
  cachedPricedUsage,
  cachedTimeSeries,
} from "../store/cache/cached-reads.js";
import type { BucketGrid } from "../store/cache/grid.js";
import type { QueryRunner } from "../store/port/query-runner.js";
import type { bucketAggregates } from "../store/queries/bucket-aggregates.js";
import type { bucketPercentiles } from "../store/queries/bucket-percentiles.js";
import type { pricedUsage } from "../store/queries/priced-usage.js";
import type { Bucketing, timeSeries } from "../store/queries/time-series.js";
import { bucketStart, nextBucket } from "./buckets.js";

/** Calendar days in a zone fall where the series' own gap filling says (buckets.ts); other calendar units are read uncached. */
function calendarGrid(bucket: Bucketing): BucketGrid | undefined {
  if (!("unit" in bucket) || bucket.unit !== "day") return undefined;
  const zone = bucket.timeZone;
  return { start: (ms) => bucketStart(ms, "day", zone), next: (start) => nextBucket(start, "day", zone) };
}

/** The metric series' and dashboards' bucketed reads, through the store's bucket cache: closed buckets whose events did not change are not read again. */
export const readTimeSeries = (store: QueryRunner, spec: Parameters<typeof timeSeries>[0]) =>
  cachedTimeSeries(store, spec, calendarGrid(spec.bucket));

export const readBucketAggregates = (store: QueryRunner, spec: Parameters<typeof bucketAggregates>[0]) =>
  cachedBucketAggregates(store, spec, calendarGrid(spec.bucket));

export const readBucketPercentiles = (store: QueryRunner, spec: Parameters<typeof bucketPercentiles>[0]) =>
  cachedBucketPercentiles(store, spec, calendarGrid(spec.bucket));

export const readPricedUsage = (store: QueryRunner, spec: Parameters<typeof pricedUsage>[0] & { bucket: Bucketing }) =>
  cachedPricedUsage(store, spec, calendarGrid(spec.bucket));
