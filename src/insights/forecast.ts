import { ValidationError } from "../errors.js";
import type { SmoothingFit } from "../stats/exp-smoothing.js";
import { chooseSmoothing } from "../stats/fit-smoothing.js";
import { tQuantile } from "../stats/student-t.js";
import { type BucketSize, nextBucket } from "./buckets.js";
import { fillGaps } from "./gaps.js";
import type { Series } from "./series.js";
import { type Trend, trendOf } from "./trends.js";

/** Fewer whole buckets of history than this give no forecast. */
export const FORECAST_MIN_POINTS = 10;
/** History a forecast learns from unless the period says otherwise: 14 days, two daily seasons and then some. */
export const FORECAST_DEFAULT_HOURS = 14 * 24;
/** The confidence band's level. */
export const FORECAST_LEVEL = 0.95;
/** Hourly points of a daily season: Holt-Winters is tried from two full seasons (48 hours) of history. */
export const DAILY_SEASON = 24;

export interface Horizon {
  steps: number;
  bucket: BucketSize;
}

const HORIZON = /^([1-9][0-9]?)([hd])$/;

/** `24h` (1–48 hours ahead, hourly) or `7d` (1–7 days ahead, daily); anything else is a 400 naming `horizon`. */
export function parseHorizon(text: string): Horizon {
  const m = HORIZON.exec(text);
  const steps = Number(m?.[1]);
  if (!m || (m[2] === "h" && steps > 48) || (m[2] === "d" && steps > 7)) {
    throw new ValidationError("Invalid query", [
      { field: "horizon", message: "must be 1h to 48h (hourly) or 1d to 7d (daily), e.g. 24h or 7d" },
    ]);
  }
  return { steps, bucket: m[2] === "h" ? "hour" : "day" };
}

export interface ForecastPoint {
  timestamp: string;
  value: number;
  lower: number;
  upper: number;
}

export interface Forecast {
  metric: string;
  unit: string;
  status: "ok" | "insufficient_data";
  horizon: string;
  bucket: BucketSize;
  level: number;
  method: SmoothingFit["method"] | null;
  parameters: { alpha: number; beta: number | null; gamma: number | null; season_length: number | null } | null;
  history: { from: string; to: string; points: number; gaps_filled: number };
  min_points: number;
  forecast: ForecastPoint[];
  trend: Trend;
}

/** The largest value a series in `unit` can take: a percentage (a rate, a resource's use) is at most 100. */
function ceilingOf(unit: string): number {
  return unit === "%" ? 100 : Number.POSITIVE_INFINITY;
}

/**
 * Point forecasts and their band: the one-step error's standard deviation (SSE over the residuals'
 * degrees of freedom), widened for step h by the model's variance factor, times Student's t. Every
 * catalogue metric is ≥ 0 and a percentage ≤ 100, so values and bounds are kept within that range.
 */
export function bandOf(
  fit: SmoothingFit,
  steps: number,
  level: number,
  unit: string,
): Array<Omit<ForecastPoint, "timestamp">> {
  const p = fit.params;
  const df = fit.residuals.length - 1 - (p.beta !== undefined ? 1 : 0) - (p.gamma !== undefined ? 1 : 0);
  const sigma = Math.sqrt(fit.sse / Math.max(df, 1));
  const t = tQuantile(1 - (1 - level) / 2, Math.max(df, 1));
  const ceiling = ceilingOf(unit);
  const within = (x: number) => Math.min(ceiling, Math.max(0, x));
  return Array.from({ length: steps }, (_, i) => {
    const value = fit.forecast(i + 1);
    const half = t * sigma * Math.sqrt(fit.varianceFactor(i + 1));
    return { value: within(value), lower: within(value - half), upper: within(value + half) };
  });
}

/** The forecast of a series of whole buckets, `horizon` ahead of its end (`to`, the start of the current bucket). */
export function forecastSeries(s: Series, to: number, horizonText: string, timeZone: string): Forecast {
  const horizon = parseHorizon(horizonText);
  const { values, filled } = fillGaps(s.points);
  const fit = chooseSmoothing(values, FORECAST_MIN_POINTS, horizon.bucket === "hour" ? DAILY_SEASON : undefined);
  const from = s.points[0]?.t ?? to;
  let t = to;
  const forecast = fit
    ? bandOf(fit, horizon.steps, FORECAST_LEVEL, s.unit).map((b, i) => {
        if (i > 0) t = nextBucket(t, horizon.bucket, timeZone);
        return { timestamp: new Date(t).toISOString(), ...b };
      })
    : [];
  return {
    metric: s.metric,
    unit: s.unit,
    status: fit ? "ok" : "insufficient_data",
    horizon: horizonText,
    bucket: horizon.bucket,
    level: FORECAST_LEVEL,
    method: fit?.method ?? null,
    parameters: fit
      ? {
          alpha: fit.params.alpha,
          beta: fit.params.beta ?? null,
          gamma: fit.params.gamma ?? null,
          season_length: fit.params.period ?? null,
        }
      : null,
    history: {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      points: values.length,
      gaps_filled: filled,
    },
    min_points: FORECAST_MIN_POINTS,
    forecast,
    trend: trendOf(s.points),
  };
}
