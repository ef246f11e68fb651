import { mean } from "../stats/mean.js";
import { ols, slopeInterval } from "../stats/ols.js";
import { DAY_MS } from "./buckets.js";
import type { Point } from "./metric.js";

/** Fewer points than this draw no line. */
export const TREND_MIN_POINTS = 10;
/** A line explaining less of the variance than this is noise, not a trend. */
export const TREND_MIN_R2 = 0.3;
/** A change over the whole series below this share of its mean is stable, however straight the line. */
const STABLE_CHANGE = 0.01;

export interface Trend {
  status: "ok" | "insufficient_data" | "too_noisy";
  /** Null unless status is ok. */
  trend: "increasing" | "decreasing" | "stable" | null;
  /** Least-squares slope, in the metric's unit per day. */
  slope_per_day: number | null;
  /** 95 % confidence interval of the slope; a trend is increasing or decreasing only when it excludes 0. */
  slope_ci95: [number, number] | null;
  /** Change the line makes over the series' span, as a percentage of the series' mean (null when the mean is 0). */
  strength: number | null;
  r_squared: number | null;
  data_points: number;
  min_points: number;
  min_r_squared: number;
}

/** Direction and size of the linear trend of a series' non-null points. */
export function trendOf(points: readonly Point[]): Trend {
  const known = points.filter((p): p is { t: number; value: number } => p.value !== null);
  const base = { data_points: known.length, min_points: TREND_MIN_POINTS, min_r_squared: TREND_MIN_R2 };
  const none = { trend: null, slope_per_day: null, slope_ci95: null, strength: null, r_squared: null };
  if (known.length < TREND_MIN_POINTS) return { status: "insufficient_data", ...none, ...base };
  // x in days, so the slope reads per day; ols centres x itself.
  const fit = ols(
    known.map((p) => p.t / DAY_MS),
    known.map((p) => p.value),
  );
  const level = mean(known.map((p) => p.value));
  const spanDays = ((known.at(-1) as Point).t - (known[0] as Point).t) / DAY_MS;
  const change = fit.slope * spanDays;
  const measured = {
    slope_per_day: fit.slope,
    slope_ci95: slopeInterval(fit, 0.95),
    strength: level !== 0 ? (Math.abs(change) / Math.abs(level)) * 100 : null,
    r_squared: fit.r2,
    ...base,
  };
  if (fit.r2 < TREND_MIN_R2) return { status: "too_noisy", trend: null, ...measured };
  const [lo, hi] = measured.slope_ci95;
  const flat = lo <= 0 && hi >= 0 ? true : Math.abs(change) < STABLE_CHANGE * Math.abs(level);
  return { status: "ok", trend: flat ? "stable" : fit.slope > 0 ? "increasing" : "decreasing", ...measured };
}
