import type { QueryRunner } from "../port/query-runner.js";
import type { BucketAggregate } from "../queries/bucket-aggregates.js";
import type { TimeRange } from "../queries/parts/time-range.js";
import type { Filter } from "../sql/filter.js";
import { cachedBucketAggregates } from "./cached-reads.js";

/** The hour: a range's totals are the sums of its hours, each kept once closed. */
export const TOTALS_BUCKET_MS = 3_600_000;

/**
 * Counts and sums over a whole range, each by its name, equal to one scan of the range: read per
 * hour through the bucket cache (the closed hours whose events did not change are not read again,
 * the partial hours at the range's edges are read fresh) and added up. A sum over no value is null.
 * A distinct count does not add up over hours: it is refused.
 */
export async function rangeTotals(
  store: QueryRunner,
  spec: TimeRange & { aggregates: Record<string, BucketAggregate>; filter?: Filter },
): Promise<Record<string, number | null>> {
  const distinct = Object.keys(spec.aggregates).find((n) => spec.aggregates[n]?.fn === "distinct");
  if (distinct !== undefined) throw new Error(`'${distinct}' is a distinct count: it does not add up over hours`);
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
