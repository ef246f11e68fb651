import { sortedPercentile } from "./percentile.js";

export interface Fences {
  q1: number;
  q3: number;
  lower: number;
  upper: number;
}

/** Tukey's fences: Q1 − k·IQR and Q3 + k·IQR (numpy-linear quartiles); a value strictly outside is an outlier. */
export function iqrFences(values: readonly number[], k = 1.5): Fences {
  if (!values.length) throw new RangeError("fences of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const q1 = sortedPercentile(sorted, 25);
  const q3 = sortedPercentile(sorted, 75);
  return { q1, q3, lower: q1 - k * (q3 - q1), upper: q3 + k * (q3 - q1) };
}

export function outsideFences(value: number, f: Fences): boolean {
  return value < f.lower || value > f.upper;
}
