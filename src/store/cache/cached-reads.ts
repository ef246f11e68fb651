import type { QueryRunner } from "../port/query-runner.js";
import { type BucketValues, bucketAggregates } from "../queries/bucket-aggregates.js";
import { SLOT_MS } from "../queries/bucket-fingerprints.js";
import { type BucketPercentiles, bucketPercentiles } from "../queries/bucket-percentiles.js";
import type { TimeRange } from "../queries/parts/time-range.js";
import { type PricedUsage, pricedUsage } from "../queries/priced-usage.js";
import { type Bucketing, type SeriesPoint, timeSeries } from "../queries/time-series.js";
import { type ValueBin, valueBins } from "../queries/value-bins.js";
import type { Query } from "../query.js";
import { BucketCache, type RangedQuery } from "./bucket-cache.js";
import { type BucketGrid, fixedGrid } from "./grid.js";

type TimeSeriesSpec = Parameters<typeof timeSeries>[0];
type BucketAggregatesSpec = Parameters<typeof bucketAggregates>[0];
type BucketPercentilesSpec = Parameters<typeof bucketPercentiles>[0];
type PricedUsageSpec = Parameters<typeof pricedUsage>[0];
type ValueBinsSpec = Parameters<typeof valueBins>[0];

/** One cache per store, living as long as it: every reader of that store shares its kept buckets. */
const caches = new WeakMap<QueryRunner, BucketCache>();

export function bucketCacheOf(store: QueryRunner): BucketCache {
  let cache = caches.get(store);
  if (!cache) {
    cache = new BucketCache(store);
    caches.set(store, cache);
  }
  return cache;
}

/**
 * Where the buckets fall: fixed widths of whole slots are known here; calendar buckets only when
 * the caller says where they fall (its grid), else the query is not cached.
 */
function gridOf(bucket: Bucketing, calendar?: BucketGrid): BucketGrid | undefined {
  if ("unit" in bucket) return calendar;
  return bucket.widthMs % SLOT_MS === 0 ? fixedGrid(bucket.widthMs) : undefined;
}

function cached<R extends { bucket_start: number }>(
  store: QueryRunner,
  spec: TimeRange & { bucket: Bucketing },
  name: string,
  query: RangedQuery<R>,
  calendar?: BucketGrid,
): Promise<R[]> {
  const { from, to, ...rest } = spec;
  // Built first: a bad spec fails as the query's own validation says, before any grid meets it.
  const whole = query({ from, to });
  const grid = gridOf(spec.bucket, calendar);
  if (!grid) return store.run(whole);
  return bucketCacheOf(store).run(JSON.stringify([name, rest]), query, { from, to }, grid);
}

/** `store.run(timeSeries(spec))`, its closed buckets kept (`calendar`: where calendar buckets fall). */
export function cachedTimeSeries(
  store: QueryRunner,
  spec: TimeSeriesSpec,
  calendar?: BucketGrid,
): Promise<SeriesPoint[]> {
  return cached(store, spec, "time-series", (r) => timeSeries({ ...spec, ...r }), calendar);
}

/** `store.run(bucketAggregates(spec))`, its closed buckets kept (`calendar`: where calendar buckets fall). */
export function cachedBucketAggregates(
  store: QueryRunner,
  spec: BucketAggregatesSpec,
  calendar?: BucketGrid,
): Promise<BucketValues[]> {
  return cached(store, spec, "bucket-aggregates", (r) => bucketAggregates({ ...spec, ...r }), calendar);
}

/** `store.run(bucketPercentiles(spec))`, its closed buckets kept (`calendar`: where calendar buckets fall). */
export function cachedBucketPercentiles(
  store: QueryRunner,
  spec: BucketPercentilesSpec,
  calendar?: BucketGrid,
): Promise<BucketPercentiles[]> {
  return cached(store, spec, "bucket-percentiles", (r) => bucketPercentiles({ ...spec, ...r }), calendar);
}

/** `store.run(pricedUsage(spec))` per bucket (`spec.bucket`), its closed buckets kept; the price table is part of the spec. */
export function cachedPricedUsage(
  store: QueryRunner,
  spec: PricedUsageSpec & { bucket: Bucketing },
  calendar?: BucketGrid,
): Promise<Array<PricedUsage & { bucket_start: number }>> {
  const query = (r: TimeRange) => pricedUsage({ ...spec, ...r }) as Query<PricedUsage & { bucket_start: number }>;
  return cached(store, spec, "priced-usage", query, calendar);
}

/** `store.run(valueBins(spec))`, its closed buckets kept. */
export function cachedValueBins(store: QueryRunner, spec: ValueBinsSpec): Promise<ValueBin[]> {
  return cached(store, spec, "value-bins", (r) => valueBins({ ...spec, ...r }));
}
