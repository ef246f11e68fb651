import { mean } from "./mean.js";
import { tQuantile } from "./student-t.js";

/** An ordinary least-squares line y = intercept + slope·x, with what intervals need. */
export interface LinearFit {
  slope: number;
  /** The line's value at x = 0. */
  intercept: number;
  /** Share of the variance the line explains; 1 for a constant y (nothing left to explain). */
  r2: number;
  /** √(SSE / (n − 2)): the spread of points around the line. */
  residualStdError: number;
  /** Standard error of the slope. */
  slopeStdError: number;
  n: number;
  xMean: number;
  /** Σ(x − x̄)². */
  sxx: number;
}

/**
 * OLS on x centred at its mean, so epoch-millisecond x loses no precision (the first version's raw
 * sums Σx² of epoch values did). Needs 3 points and at least two distinct x.
 */
export function ols(xs: readonly number[], ys: readonly number[]): LinearFit {
  const n = xs.length;
  if (n !== ys.length) throw new RangeError("x and y differ in length");
  if (n < 3) throw new RangeError("a line with intervals needs at least 3 points");
  const xMean = mean(xs);
  const yMean = mean(ys);
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - xMean;
    const dy = (ys[i] as number) - yMean;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) throw new RangeError("every x is the same: no line");
  const slope = sxy / sxx;
  const sse = Math.max(0, syy - slope * sxy);
  const residualStdError = Math.sqrt(sse / (n - 2));
  return {
    slope,
    intercept: yMean - slope * xMean,
    r2: syy === 0 ? 1 : 1 - sse / syy,
    residualStdError,
    slopeStdError: residualStdError / Math.sqrt(sxx),
    n,
    xMean,
    sxx,
  };
}

export interface Interval {
  value: number;
  lower: number;
  upper: number;
}

/** The line's value at x with its two-sided prediction interval (for a new observation) at `level`, e.g. 0.95. */
export function predictionInterval(fit: LinearFit, x: number, level: number): Interval {
  const dx = x - fit.xMean;
  const value = fit.intercept + fit.slope * fit.xMean + fit.slope * dx;
  const half =
    tQuantile(1 - (1 - level) / 2, fit.n - 2) * fit.residualStdError * Math.sqrt(1 + 1 / fit.n + (dx * dx) / fit.sxx);
  return { value, lower: value - half, upper: value + half };
}

/** The two-sided confidence interval of the slope at `level`. */
export function slopeInterval(fit: LinearFit, level: number): [number, number] {
  const half = tQuantile(1 - (1 - level) / 2, fit.n - 2) * fit.slopeStdError;
  return [fit.slope - half, fit.slope + half];
}
