import type { QueryRunner } from "../port/query-runner.js";
import type { TimeRange } from "../queries/parts/time-range.js";
import { rangeMeasures } from "../queries/range-measures.js";
import { rankSlice } from "../queries/rank-slice.js";
import { sliceValues } from "../queries/slice-values.js";
import { BINS_PER_E, type ValueBin } from "../queries/value-bins.js";
import type { Filter } from "../sql/filter.js";
import { cachedValueBins } from "./cached-reads.js";
import { bucketsOf, fixedGrid } from "./grid.js";
import { TOTALS_BUCKET_MS } from "./range-totals.js";

/** Widening of a bin's bounds: the engine's ln and JavaScript's exp may disagree in the last bits. */
const SLACK = 1e-9;

export type PercentileSpec = TimeRange & { field: string; p: number; filter?: Filter };

/** Where a bin's values lie, a little wider; the bin of values ≤ 0 (null) has no lower bound and ends just above 0. */
const lower = (bin: number | null) => (bin === null ? undefined : Math.exp(bin / BINS_PER_E) * (1 - SLACK));
const upper = (bin: number | null) => (bin === null ? 1e-300 : Math.exp((bin + 1) / BINS_PER_E) * (1 + SLACK));

/** A slice [lo, hi) of values, and how many values lie below it and in all. */
interface Slice {
  lo?: number;
  hi: number;
  below: number;
  total: number;
}

/**
 * The rank ⌊(n − 1)·p⌋ and the next fall in which bins: [lo, hi) around them, from the range's
 * histogram (hourly bins kept once closed); null when it holds nothing.
 */
function sliceOf(bins: readonly ValueBin[], p: number): Slice | null {
  const counts = new Map<number | null, number>();
  for (const b of bins) counts.set(b.bin, (counts.get(b.bin) ?? 0) + b.n);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const first = Math.floor((total - 1) * p);
  const last = Math.min(first + 1, total - 1);
  const order = [...counts.keys()].sort((a, b) => (a === null ? -1 : b === null ? 1 : a - b));
  let seen = 0;
  let start: { bin: number | null; below: number } | undefined;
  for (const bin of order) {
    const n = counts.get(bin) as number;
    if (start === undefined && seen + n > first) start = { bin, below: seen };
    seen += n;
    if (start !== undefined && seen > last) {
      const lo = lower(start.bin);
      return { ...(lo === undefined ? {} : { lo }), hi: upper(bin), below: start.below, total };
    }
  }
  return null;
}

/** numpy's interpolation between the values of ranks ⌊h⌋ and the next, h = (n − 1)·p. */
function interpolate(n: number, p: number, a: number | undefined, b: number | undefined): number | null {
  const h = (n - 1) * p;
  const first = Math.floor(h);
  const next = Math.min(first + 1, n - 1) > first ? b : a;
  return a === undefined || next === undefined ? null : a + (h - first) * (next - a);
}

/**
 * numpy's linear percentile of a field over a range, exact, without sorting all its values: the
 * range's histogram (hourly, kept by the bucket cache) says which narrow slice of values holds
 * the percentile's two ranks and how many values lie below it.
 * - On a store that journals its writes (DuckDB), if no write touched the range from before the
 *   histogram was read until after the slice was, the histogram's counts hold for the slice: only
 *   the slice's values are read and sorted.
 * - Otherwise one scan counts the values below the slice and in all, and sorts the slice; the rank
 *   is computed in SQL from those counts, so the answer is exact for that scan's snapshot.
 * - If the rank falls outside the slice (events came between the reads), the plain sorted
 *   percentile answers.
 */
export async function rangePercentile(store: QueryRunner, spec: PercentileSpec): Promise<number | null> {
  const { p } = spec;
  const journal = store.journal;
  const hours = journal ? (bucketsOf(spec, fixedGrid(TOTALS_BUCKET_MS), Number.POSITIVE_INFINITY) ?? []) : [];
  const before = journal?.bucketPrints(hours).join();
  const bins = await cachedValueBins(store, { ...spec, bucket: { widthMs: TOTALS_BUCKET_MS } });
  if (!bins.length) return null;
  const slice = sliceOf(bins, p);
  if (slice && journal) {
    const start = Math.floor((slice.total - 1) * p) - slice.below + 1;
    const [r] = await store.run(sliceValues({ ...spec, ...slice, start, length: 2 }));
    const still = !before?.includes("running") && journal.bucketPrints(hours).join() === before;
    const v = still ? interpolate(slice.total, p, r?.around[0], r?.around[1]) : null;
    if (v !== null) return v;
  }
  if (slice) {
    const [r] = await store.run(rankSlice({ ...spec, ...slice }));
    if (r && r.total > 0) {
      const first = Math.floor((r.total - 1) * p);
      const last = Math.min(first + 1, r.total - 1);
      const sqlRank = Math.floor(r.total * p - p);
      if (sqlRank === first && r.below <= first && last < r.below + r.inside) {
        const v = interpolate(r.total, p, r.around[0], r.around[1]);
        if (v !== null) return v;
      }
    }
  }
  const measures = { v: { measure: { fn: "percentile" as const, field: spec.field, p } } };
  const [row] = await store.run(rangeMeasures({ from: spec.from, to: spec.to, measures, filter: spec.filter }));
  return row?.v ?? null;
}
