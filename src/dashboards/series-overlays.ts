import { findAnomalies } from "../insights/anomalies.js";
import { bandOf, DAILY_SEASON, FORECAST_LEVEL, FORECAST_MIN_POINTS } from "../insights/forecast.js";
import { fillGaps } from "../insights/gaps.js";
import type { Point } from "../insights/metric.js";
import { chooseSmoothing } from "../stats/fit-smoothing.js";
import type { SeriesData } from "./api-schemas.js";

/** Points a baseline looks back over: a week of hours. */
const WINDOW_POINTS = 168;
/** Forecast steps: a quarter of the points shown, 1 to 24. */
const MAX_STEPS = 24;

/**
 * Anomalous points of a series, each judged against the points before it in the view (at least
 * 10 known ones, as /anomalies judges), hourly series against the same hour of earlier days.
 */
export function anomaliesOf(
  name: string,
  whole: readonly Point[],
  intervalMs: number,
  timeZone: string,
  threshold: number,
): SeriesData["anomalies"] {
  const found = findAnomalies(name, whole, whole[0]?.t ?? 0, {
    threshold,
    windowPoints: WINDOW_POINTS,
    timeZone,
    hourly: intervalMs === 3_600_000,
  });
  return found.anomalies.map((a) => ({
    t: Date.parse(a.timestamp),
    value: a.actual_value,
    severity: a.severity,
    score: a.score,
  }));
}

/**
 * The forecast band after the last whole bucket, as /forecast makes it (exponential smoothing
 * chosen by AIC, a daily season for hourly series, a 95 % band); none with fewer than 10 points.
 */
export function forecastOf(
  whole: readonly Point[],
  firstT: number,
  next: (t: number) => number,
  intervalMs: number,
  unit: string,
): SeriesData["forecast"] {
  const { values } = fillGaps(whole);
  const fit = chooseSmoothing(values, FORECAST_MIN_POINTS, intervalMs === 3_600_000 ? DAILY_SEASON : undefined);
  if (!fit) return [];
  const steps = Math.min(MAX_STEPS, Math.max(1, Math.ceil(whole.length / 4)));
  let t = firstT;
  return bandOf(fit, steps, FORECAST_LEVEL, unit).map((b, i) => {
    if (i > 0) t = next(t);
    return { t, ...b };
  });
}
