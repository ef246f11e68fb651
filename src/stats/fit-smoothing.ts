import { minimumPoints, type SmoothingFit, type SmoothingParams, smooth } from "./exp-smoothing.js";

const ALPHAS = Array.from({ length: 19 }, (_, i) => (i + 1) / 20);
const BETAS = [0.01, 0.05, 0.1, 0.2, 0.4];
const GAMMAS = [0.01, 0.05, 0.1, 0.2, 0.4];

/** Every parameter set of the grid for one model (`trend` on or off, a season of `period` points or none). */
function grid(trend: boolean, period: number | undefined): SmoothingParams[] {
  const out: SmoothingParams[] = [];
  for (const alpha of ALPHAS) {
    for (const beta of trend ? BETAS : [undefined]) {
      for (const gamma of period ? GAMMAS : [undefined]) {
        out.push({
          alpha,
          ...(beta !== undefined ? { beta } : {}),
          ...(gamma !== undefined ? { gamma, period } : {}),
        });
      }
    }
  }
  return out;
}

/** The grid's parameters with the smallest one-step squared error. */
export function fitSmoothing(ys: readonly number[], trend: boolean, period?: number): SmoothingFit {
  let best: SmoothingFit | null = null;
  for (const p of grid(trend, period)) {
    const fit = smooth(ys, p);
    if (!best || fit.sse < best.sse) best = fit;
  }
  return best as SmoothingFit;
}

/**
 * Akaike's criterion over the last `r` one-step errors (the same points for every candidate),
 * counting the smoothing parameters: a richer model wins only when it fits enough better. The
 * initial states are not fitted (they come from the first points, which the comparison leaves out).
 */
export function aic(fit: SmoothingFit, r: number): number {
  const p = fit.params;
  const smoothing = 1 + (p.beta !== undefined ? 1 : 0) + (p.gamma !== undefined ? 1 : 0);
  const sse = fit.residuals.slice(-r).reduce((a, e) => a + e * e, 0);
  // A perfect fit has no error to take a log of: the smallest positive one keeps the comparison finite.
  return r * Math.log(Math.max(sse / r, Number.MIN_VALUE)) + 2 * smoothing;
}

/**
 * The best of simple exponential smoothing, Holt's linear and (with a `period` and at least two
 * full seasons) Holt-Winters additive, each fitted on the grid, chosen by AIC. Null when the series
 * is too short for even the simplest (fewer than `minPoints`).
 */
export function chooseSmoothing(ys: readonly number[], minPoints: number, period?: number): SmoothingFit | null {
  if (ys.length < minPoints) return null;
  const candidates = [fitSmoothing(ys, false), fitSmoothing(ys, true)];
  if (period && ys.length >= minimumPoints({ alpha: 0.5, gamma: 0.1, period })) {
    candidates.push(fitSmoothing(ys, true, period));
  }
  const r = Math.min(...candidates.map((c) => c.residuals.length));
  return candidates.reduce((a, b) => (aic(b, r) < aic(a, r) ? b : a));
}
