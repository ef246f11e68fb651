import type { QueryRunner } from "../port/query-runner.js";
import type { TimeRange } from "../queries/parts/time-range.js";
import { rangeMeasures } from "../queries/range-measures.js";
import { rankSlice } from "../queries/rank-slice.js";
import { BINS_PER_E, type ValueBin } from "../queries/value-bins.js";
import type { Filter } from "../sql/filter.js";
import { cachedValueBins } from "./cached-reads.js";
import { TOTALS_BUCKET_MS } from "./range-totals.js";

/** Widening of a bin's bounds: the engine's ln and JavaScript's exp may disagree in the last bits. */
const SLACK = 1e-9;

export type PercentileSpec = TimeRange & { field: string; p: number; filter?: Filter };

/** Where a bin's values lie, a little wider; the bin of values ≤ 0 (null) has no lower bound and ends just above 0. */
const lower = (bin: number | null) => (bin === null ? undefined : Math.exp(bin / BINS_PER_E) * (1 - SLACK));
const upper = (bin: number | null) => (bin === null ? 1e-300 : Math.exp((bin + 1) / BINS_PER_E) * (1 + SLACK));

/**
 * The rank ⌊(n − 1)·p⌋ and the next fall in which bins: [lo, hi) around them, from the range's
 * histogram (hourly bins kept once closed); null when it holds nothing.
 */
function sliceOf(bins: readonly ValueBin[], p: number): { lo?: number; hi: number } | null {
  const counts = new Map<number | null, number>();
  for (const b of bins) counts.set(b.bin, (counts.get(b.bin) ?? 0) + b.n);
  const n = [...counts.values()].reduce((a, b) => a + b, 0);
  const first = Math.floor((n - 1) * p);
  const last = Math.min(first + 1, n - 1);
  const order = [...counts.keys()].sort((a, b) => (a === null ? -1 : b === null ? 1 : a - b));
  let seen = 0;
  let lo: number | null | undefined;
  for (const bin of order) {
    seen += counts.get(bin) as number;
    if (lo === undefined && seen > first) lo = bin;
    if (lo !== undefined && seen > last) {
      const from = lower(lo);
      return from === undefined ? { hi: upper(bin) } : { lo: from, hi: upper(bin) };
    }
  }
  return null;
}

/**
 * numpy's linear percentile of a field over a range, exact, without sorting all its values: the
 * range's histogram (hourly, kept by the bucket cache) says which narrow slice of values holds
 * the percentile's two ranks; one scan counts the values below and in the slice and sorts only
 * the slice. If the ranks fall outside it (events came or went since the histogram was read), the
 * percentile is read the plain way, sorting every value.
 */
export async function rangePercentile(store: QueryRunner, spec: PercentileSpec): Promise<number | null> {
  const { p } = spec;
  const bins = await cachedValueBins(store, { ...spec, bucket: { widthMs: TOTALS_BUCKET_MS } });
  if (!bins.length) return null;
  const slice = sliceOf(bins, p);
  if (slice) {
    const [r] = await store.run(rankSlice({ ...spec, ...slice }));
    if (r && r.total > 0) {
      const h = (r.total - 1) * p;
      const first = Math.floor(h);
      const last = Math.min(first + 1, r.total - 1);
      const sqlRank = Math.floor(r.total * p - p);
      const [a, b] = r.around;
      if (sqlRank === first && r.below <= first && last < r.below + r.inside && a !== undefined) {
        const next = last > first ? b : a;
        if (next !== undefined) return a + (h - first) * (next - a);
      }
    }
  }
  const measures = { v: { measure: { fn: "percentile" as const, field: spec.field, p } } };
  const [row] = await store.run(rangeMeasures({ from: spec.from, to: spec.to, measures, filter: spec.filter }));
  return row?.v ?? null;
}
