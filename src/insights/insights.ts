import { ValidationError } from "../errors.js";
import type { Period, TimeSpan } from "../model/period.js";
import type { Store } from "../store/port.js";
import { type Anomaly, findAnomalies, type MetricAnomalies, type Severity } from "./anomalies.js";
import { type BucketSize, HOUR_MS, wholeBuckets } from "./buckets.js";
import { type Forecast, forecastSeries, parseHorizon } from "./forecast.js";
import { METRIC_NAMES, type MetricName, type Series, series, seriesOfMany } from "./series.js";
import { type Trend, trendOf } from "./trends.js";

export interface InsightSettings {
  /** |z| above which (with the IQR rule) a point is anomalous. */
  anomalyThreshold: number;
  /** Hours of history before each point that form its baseline. */
  anomalyBaselineHours: number;
}

export interface AnomalySummary {
  total_anomalies: number;
  severity_distribution: Record<Severity, number>;
  metrics_affected: Record<string, number>;
  most_affected_metric: string | null;
}

export interface AnomalyReport {
  period: { from: string; to: string };
  threshold: number;
  baseline_hours: number;
  /** Newest first. */
  anomalies: Anomaly[];
  summary: AnomalySummary;
  metrics: Record<string, { points_checked: number; points_without_baseline: number }>;
  /** The same over the period just before, when `compare=previous` asked for it. */
  previous?: AnomalyReport;
}

type Zoned = TimeSpan & { timeZone: string };

/**
 * Trends, forecasts and anomalies over the metric series catalogue, read from the store through the
 * query layer. Routes, the library and (later) alerts and the summary call this, never the store.
 */
export class Insights {
  constructor(
    private readonly store: Store,
    private readonly settings: InsightSettings,
  ) {}

  series(metric: string, span: Zoned, bucket: BucketSize): Promise<Series> {
    return series(this.store, metric, span, bucket);
  }

  /** Several metrics' series over one span (those read from aggregates in one scan). */
  seriesOfMany(metrics: readonly string[], span: Zoned, bucket: BucketSize): Promise<Series[]> {
    return seriesOfMany(this.store, metrics, span, bucket);
  }

  /** The linear trend of a metric over the whole buckets of a period. */
  async trend(metric: string, period: Zoned, bucket: BucketSize = "hour"): Promise<Trend> {
    const span = wholeBuckets(period, bucket, period.timeZone);
    return trendOf((await this.series(metric, { ...span, timeZone: period.timeZone }, bucket)).points);
  }

  /** A forecast `horizon` ahead (`24h`, `7d`), learned from the whole buckets of the period. */
  async forecast(metric: string, horizon: string, period: Period): Promise<Forecast> {
    const { bucket } = parseHorizon(horizon);
    if (period.previous) {
      throw new ValidationError("Invalid query", [
        { field: "compare", message: "a forecast has no previous period; leave compare out" },
      ]);
    }
    const span = wholeBuckets(period, bucket, period.timeZone);
    const s = await this.series(metric, { ...span, timeZone: period.timeZone }, bucket);
    return forecastSeries(s, span.to, horizon, period.timeZone);
  }

  /**
   * Anomalies of one metric's hourly series over the whole hours of a period, each hour judged
   * against the configured baseline window before it (read from the store as well).
   */
  async detectAnomalies(metric: string, period: Zoned): Promise<MetricAnomalies> {
    const { span, reach } = this.anomalySpans(period);
    return this.anomaliesOf(await this.series(metric, reach, "hour"), span.from, period.timeZone);
  }

  /** The whole hours judged, and the span read for them: the baseline window before them as well. */
  private anomalySpans(period: Zoned): { span: TimeSpan; reach: Zoned } {
    const span = wholeBuckets(period, "hour", "UTC");
    const reach = {
      from: span.from - this.settings.anomalyBaselineHours * HOUR_MS,
      to: span.to,
      timeZone: period.timeZone,
    };
    return { span, reach };
  }

  private anomaliesOf(s: Series, judgedFrom: number, timeZone: string): MetricAnomalies {
    return findAnomalies(s.metric, s.points, judgedFrom, {
      threshold: this.settings.anomalyThreshold,
      windowPoints: this.settings.anomalyBaselineHours,
      timeZone,
      hourly: true,
    });
  }

  /** Anomalies of every catalogue metric over a period, newest first, with a summary (and the previous period's). */
  async anomalies(period: Period): Promise<AnomalyReport> {
    const current = await this.report(period);
    if (!period.previous) return current;
    return { ...current, previous: await this.report({ ...period.previous, timeZone: period.timeZone }) };
  }

  private async report(period: Zoned): Promise<AnomalyReport> {
    // Every metric's series from one shared scan (and the few metrics with queries of their own).
    const { span, reach } = this.anomalySpans(period);
    const found = (await this.seriesOfMany(METRIC_NAMES, reach, "hour")).map((s) =>
      this.anomaliesOf(s, span.from, period.timeZone),
    );
    const anomalies = found.flatMap((f) => f.anomalies).sort((a, b) => b.timestamp.localeCompare(a.timestamp));
    return {
      period: { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString() },
      threshold: this.settings.anomalyThreshold,
      baseline_hours: this.settings.anomalyBaselineHours,
      anomalies,
      summary: summarise(anomalies),
      metrics: Object.fromEntries(
        found.map((f) => [
          f.metric,
          { points_checked: f.points_checked, points_without_baseline: f.points_without_baseline },
        ]),
      ),
    };
  }
}

/** Counts by severity and metric; the most affected metric is the one with most anomalies (catalogue order on ties). */
export function summarise(anomalies: readonly Anomaly[]): AnomalySummary {
  const severity_distribution: Record<Severity, number> = { low: 0, medium: 0, high: 0, critical: 0 };
  const metrics_affected: Record<string, number> = {};
  for (const a of anomalies) {
    severity_distribution[a.severity] += 1;
    metrics_affected[a.metric_name] = (metrics_affected[a.metric_name] ?? 0) + 1;
  }
  let most: MetricName | null = null;
  for (const m of METRIC_NAMES) {
    if ((metrics_affected[m] ?? 0) > (most ? (metrics_affected[most] ?? 0) : 0)) most = m;
  }
  return { total_anomalies: anomalies.length, severity_distribution, metrics_affected, most_affected_metric: most };
}
