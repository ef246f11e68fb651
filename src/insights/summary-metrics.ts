import type { Period, TimeSpan } from "../model/period.js";
import { type Anomaly, findAnomalies } from "./anomalies.js";
import { HOUR_MS, wholeBuckets } from "./buckets.js";
import { FORECAST_DEFAULT_HOURS, type Forecast, forecastSeries } from "./forecast.js";
import type { InsightSettings, Insights } from "./insights.js";
import { METRIC_NAMES, type MetricName, type Series } from "./series.js";
import { type Trend, trendOf } from "./trends.js";

/** How far ahead the summary forecasts each metric: the next day, hour by hour. */
export const SUMMARY_HORIZON = "24h";

/** A forecast without its own 14-day trend (the summary's trends cover the period). */
export type SummaryForecast = Omit<Forecast, "trend">;

export interface MetricFindings {
  trends: Record<MetricName, Trend>;
  forecasts: Record<MetricName, SummaryForecast>;
  /** Over the period's whole hours, newest first. */
  anomalies: Anomaly[];
  /** Over the previous period's whole hours, when the period has one. */
  previousAnomalies: Anomaly[] | null;
}

const within = (s: Series, span: TimeSpan): Series => ({
  ...s,
  points: s.points.filter((p) => p.t >= span.from && p.t < span.to),
});

/**
 * Trends, forecasts and anomalies of every catalogue metric from ONE hourly series per metric (those
 * read from aggregates share one scan),
 * covering what each needs (the period, the baseline hours before it, the forecast's 14 days). Each
 * answer equals what Insights gives for the same span: the same pure functions over the same buckets.
 */
export async function metricFindings(
  insights: Insights,
  period: Period,
  settings: InsightSettings,
): Promise<MetricFindings> {
  const zone = period.timeZone;
  const current = wholeBuckets(period, "hour", zone);
  const history = wholeBuckets({ from: period.to - FORECAST_DEFAULT_HOURS * HOUR_MS, to: period.to }, "hour", zone);
  const baselineMs = settings.anomalyBaselineHours * HOUR_MS;
  const previous = period.previous ? wholeBuckets(period.previous, "hour", zone) : null;
  const from = Math.min(current.from - baselineMs, history.from, previous ? previous.from - baselineMs : current.from);
  const options = { threshold: settings.anomalyThreshold, windowPoints: settings.anomalyBaselineHours, timeZone: zone };
  const anomaliesOf = (s: Series, span: TimeSpan) =>
    findAnomalies(s.metric, within(s, { from: span.from - baselineMs, to: span.to }).points, span.from, {
      ...options,
      hourly: true,
    }).anomalies;

  const all = await insights.seriesOfMany(METRIC_NAMES, { from, to: current.to, timeZone: zone }, "hour");
  const trends = {} as Record<MetricName, Trend>;
  const forecasts = {} as Record<MetricName, SummaryForecast>;
  for (const s of all) {
    trends[s.metric] = trendOf(within(s, current).points);
    const { trend: _ownTrend, ...forecast } = forecastSeries(within(s, history), history.to, SUMMARY_HORIZON, zone);
    forecasts[s.metric] = forecast;
  }
  const newestFirst = (xs: Anomaly[]) => xs.sort((a, b) => b.timestamp.localeCompare(a.timestamp));
  return {
    trends,
    forecasts,
    anomalies: newestFirst(all.flatMap((s) => anomaliesOf(s, current))),
    previousAnomalies: previous ? newestFirst(all.flatMap((s) => anomaliesOf(s, previous))) : null,
  };
}
