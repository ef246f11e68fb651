/**
 * numpy's default ("linear") percentile, `p` in [0, 100]: rank (n − 1)·p/100 into the sorted
 * values, interpolating between the two closest ranks. p95 of 1..5 is 4.8; the median of 0..3 is 1.5.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) throw new RangeError("percentile of no values");
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is outside [0, 100]`);
  return sortedPercentile(
    [...values].sort((a, b) => a - b),
    p,
  );
}

/** The same over values already sorted ascending (callers taking several percentiles sort once). */
export function sortedPercentile(sorted: readonly number[], p: number): number {
  const h = ((sorted.length - 1) * p) / 100;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}
