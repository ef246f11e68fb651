import { mean } from "./mean.js";

/**
 * Exponential smoothing, additive: simple (level), Holt's linear (level + trend) and Holt-Winters
 * (level + trend + a season of `period` points), in one recursion. A component is on when its
 * parameter is given. Component form, with the season updated from the previous level and trend, so
 * the error-correction form is ℓ += b + αε, b += αβε, s += γε (ETS(A,A,A)), whose forecast variance
 * has a closed form.
 */
export interface SmoothingParams {
  alpha: number;
  beta?: number;
  gamma?: number;
  /** Points per season (24 for hourly points with a daily pattern); with `gamma` only. */
  period?: number;
}

export type SmoothingMethod = "simple_exponential_smoothing" | "holt_linear" | "holt_winters_additive";

export interface SmoothingFit {
  method: SmoothingMethod;
  params: SmoothingParams;
  /** One-step-ahead errors, from the first point the initial state did not use. */
  residuals: number[];
  /** Σ residual². */
  sse: number;
  /** Points of the series. */
  n: number;
  /** The point forecast `h` ≥ 1 steps after the last point. */
  forecast(h: number): number;
  /** Variance multiplier of the h-step error against the one-step error: 1 + Σ_{j<h} c_j². */
  varianceFactor(h: number): number;
}

export function methodOf(p: SmoothingParams): SmoothingMethod {
  if (p.gamma !== undefined) return "holt_winters_additive";
  return p.beta !== undefined ? "holt_linear" : "simple_exponential_smoothing";
}

/** Points the initial state takes: SES 1, Holt 2, Holt-Winters two seasons (the second sets the trend). */
export function minimumPoints(p: SmoothingParams): number {
  if (p.gamma !== undefined) return 2 * seasonLength(p);
  return p.beta !== undefined ? 3 : 2;
}

function seasonLength(p: SmoothingParams): number {
  const m = p.period ?? 0;
  if (!Number.isInteger(m) || m < 2) throw new RangeError("a seasonal model needs an integer period ≥ 2");
  return m;
}

interface State {
  level: number;
  trend: number;
  /** Seasonal components indexed by position in the season (t mod m); [0] when there is no season. */
  season: number[];
  start: number;
}

function initialState(ys: readonly number[], p: SmoothingParams): State {
  const y = (i: number) => ys[i] as number;
  if (p.gamma !== undefined) {
    const m = seasonLength(p);
    const first = mean(ys.slice(0, m));
    const trend = p.beta !== undefined ? (mean(ys.slice(m, 2 * m)) - first) / m : 0;
    // The first season's mean sits at its middle; each point's seasonal part is its distance from the trend line.
    const season = ys.slice(0, m).map((v, i) => v - (first + trend * (i - (m - 1) / 2)));
    return { level: first + (trend * (m - 1)) / 2, trend, season, start: m };
  }
  if (p.beta !== undefined) return { level: y(1), trend: y(1) - y(0), season: [0], start: 2 };
  return { level: y(0), trend: 0, season: [0], start: 1 };
}

export function smooth(ys: readonly number[], p: SmoothingParams): SmoothingFit {
  if (ys.length < minimumPoints(p)) throw new RangeError(`${methodOf(p)} needs at least ${minimumPoints(p)} points`);
  const { alpha } = p;
  const beta = p.beta ?? 0;
  const gamma = p.gamma ?? 0;
  const s = initialState(ys, p);
  const m = s.season.length;
  let { level, trend } = s;
  const season = [...s.season];
  const residuals: number[] = [];
  let sse = 0;
  for (let t = s.start; t < ys.length; t++) {
    const y = ys[t] as number;
    const k = t % m;
    const seasonal = season[k] as number;
    const e = y - (level + trend + seasonal);
    residuals.push(e);
    sse += e * e;
    const nextLevel = alpha * (y - seasonal) + (1 - alpha) * (level + trend);
    season[k] = gamma * (y - level - trend) + (1 - gamma) * seasonal;
    trend = beta * (nextLevel - level) + (1 - beta) * trend;
    level = nextLevel;
  }
  const n = ys.length;
  return {
    method: methodOf(p),
    params: p,
    residuals,
    sse,
    n,
    forecast: (h) => level + h * trend + (season[(n - 1 + h) % m] as number),
    varianceFactor(h) {
      let f = 1;
      for (let j = 1; j < h; j++) {
        const c = alpha * (1 + j * beta) + (p.gamma !== undefined && j % m === 0 ? gamma : 0);
        f += c * c;
      }
      return f;
    },
  };
}
