import { median } from "./percentile.js";

/** Median and median absolute deviation from it. */
export function medianAbsoluteDeviation(values: readonly number[]): { median: number; mad: number } {
  const m = median(values);
  return { median: m, mad: median(values.map((v) => Math.abs(v - m))) };
}

/**
 * Iglewicz and Hoaglin's modified z-score, 0.6745·(x − median)/MAD: a z-score measured with robust
 * centre and spread (0.6745 makes the MAD of normal data one standard deviation), so earlier outliers
 * in a baseline do not hide later ones. 0 when the MAD is 0.
 */
export function modifiedZScore(value: number, median: number, mad: number): number {
  return mad > 0 ? (0.6745 * (value - median)) / mad : 0;
}
