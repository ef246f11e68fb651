import type { QueryRunner } from "../port/query-runner.js";
import type { BucketAggregate } from "../queries/bucket-aggregates.js";
import type { TimeRange } from "../queries/parts/time-range.js";
import type { Filter } from "../sql/filter.js";
import { cachedBucketAggregates } from "./cached-reads.js";

/** The hour: a range's totals are the sums of its hours, each kept once closed. */
export const TOTALS_BUCKET_MS = 3_600_000;

/** Aggregates that add up over hours: counts and sums (a distinct count does not). */
export type AdditiveAggregate = Exclude<BucketAggregate, { fn: "distinct" }>;

/**
 * Counts and sums over a whole range, each by its name, equal to one scan of the range: read per
 * hour through the bucket cache (the closed hours whose events did not change are not read again,
 * the partial hours at the range's edges are read fresh) and added up. A sum over no value is null.
 */
export async function rangeTotals(
  store: QueryRunner,
  spec: TimeRange & { aggregates: Record<string, AdditiveAggregate>; filter?: Filter },
): Promise<Record<string, number | null>> {
  const rows = await cachedBucketAggregates(store, { ...spec, bucket: { widthMs: TOTALS_BUCKET_MS } });
  const out: Record<string, number | null> = {};
  for (const [name, a] of Object.entries(spec.aggregates)) {
    let total: number | null = a.fn === "count" ? 0 : null;
    for (const r of rows) {
      const v = r.values[name];
      if (v !== null && v !== undefined) total = (total ?? 0) + v;
    }
    out[name] = total;
  }
  return out;
}
