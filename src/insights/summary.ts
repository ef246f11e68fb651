import { readFileSync } from "node:fs";
import { Value } from "@sinclair/typebox/value";
import type { Pipeline } from "../ingest/pipeline.js";
import type { CurrentMetrics } from "../live/real-time.js";
import type { Logger } from "../log/logger.js";
import { EVENT_TYPES } from "../model/event-types.js";
import { type Period, type PeriodQuery, resolvePeriod, type TimeSpan } from "../model/period.js";
import { type QueryRunner, runOne } from "../store/port/query-runner.js";
import { type BucketAggregate, bucketAggregates } from "../store/queries/bucket-aggregates.js";
import { sessionCount } from "../store/queries/session-count.js";
import { storeStats } from "../store/queries/store-stats.js";
import type { Filter } from "../store/sql/filter.js";
import type { Anomaly } from "./anomalies.js";
import { type AnomalySummary, type InsightSettings, type Insights, summarise } from "./insights.js";
import { type KpiReport, type Kpis, KpiTuning } from "./kpis.js";
import type { MetricName } from "./series.js";
import { AnswerCache } from "./summary-cache.js";
import { type MetricFindings, metricFindings, type SummaryForecast } from "./summary-metrics.js";
import type { Trend } from "./trends.js";

const PACKAGE = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
};
const MINUTE_MS = 60_000;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
/** Every event ever stored: the widest span the query layer takes. */
const WHOLE_STORE = { from: 0, to: Number.MAX_SAFE_INTEGER };
const ofType = (t: string): Filter => ({ field: "event_type", op: "eq", value: t });

/** Counts over a whole span in one scan, without the distinct counts the event summary also makes. */
async function countsOver(
  runner: QueryRunner,
  span: TimeSpan,
  aggregates: Record<string, BucketAggregate>,
): Promise<Record<string, number>> {
  // One bucket as wide as every time: the span's rows all fall in it (none: no row).
  const [row] = await runner.run(bucketAggregates({ ...span, bucket: { widthMs: WHOLE_STORE.to }, aggregates }));
  return Object.fromEntries(Object.keys(aggregates).map((k) => [k, row?.values[k] ?? 0]));
}

/** Events of a span in total and by type. */
async function eventCounts(runner: QueryRunner, span: TimeSpan) {
  const c = await countsOver(runner, span, {
    all: { fn: "count" },
    ...Object.fromEntries(EVENT_TYPES.map((t) => [t, { fn: "count", filter: ofType(t) } as const])),
  });
  return { events: c.all as number, by_type: Object.fromEntries(EVENT_TYPES.map((t) => [t, c[t] as number])) };
}

export type SummaryPart =
  | "service_info"
  | "processing_stats"
  | "kpis"
  | "current_metrics"
  | "recent_anomalies"
  | "anomaly_summary"
  | "forecasts"
  | "trends"
  | "data_warehouse_stats"
  | "previous";

export interface WarehouseStats {
  total_events: number;
  active_sessions: number;
  system_metrics_count: number;
  cognitive_metrics_count: number;
  oldest_event: string | null;
  newest_event: string | null;
}

export interface ProcessingStats {
  /** Events of the period, in total and by type. */
  events_processed: number;
  events_by_type: Record<string, number>;
  /** This node's pipeline since it started: acknowledged (durable) and loaded into the store. */
  events_accepted_since_start: number;
  events_loaded_since_start: number;
  /** Anomalies found over the period's whole hours; null when the series could not be read. */
  anomalies_detected: number | null;
  /** Metrics with a forecast (the others lack history); null when the series could not be read. */
  predictions_generated: number | null;
  /** When these figures were computed (a cached answer shows its age here). */
  last_processing_time: string;
}

export interface ServiceInfo {
  name: string;
  version: string;
  engine: string;
  node: string;
  started_at: string;
  uptime_seconds: number;
  uptime_hours: number;
  summary_cache_seconds: number;
}

export interface AnalyticsSummary {
  period: { from: string; to: string; time_zone: string };
  service_info: ServiceInfo | null;
  processing_stats: ProcessingStats | null;
  kpis: KpiReport | null;
  current_metrics: CurrentMetrics | null;
  recent_anomalies: Anomaly[] | null;
  anomaly_summary: AnomalySummary | null;
  forecasts: Record<MetricName, SummaryForecast> | null;
  trends: Record<MetricName, Trend> | null;
  data_warehouse_stats: WarehouseStats | null;
  /** With compare=previous: the period before's event count and anomaly summary (its KPIs are in kpis.previous). */
  previous: {
    period: { from: string; to: string };
    events_processed: number | null;
    anomaly_summary: AnomalySummary | null;
  } | null;
  /** True when a part failed: its key is null and `errors` names it. */
  partial: boolean;
  errors: Array<{ part: SummaryPart; message: string }>;
}

export interface SummarySources {
  runner: QueryRunner;
  insights: Insights;
  kpis: Kpis;
  pipeline: Pick<Pipeline, "status" | "startedAt">;
  engine: string;
  node: string;
  /** The live windows' current figures (src/live/real-time.ts: this node's memory, or the store on a cluster). */
  currentMetrics(): Promise<CurrentMetrics>;
  logger: Logger;
  settings: InsightSettings & { sessionTimeoutMinutes: number; summaryCacheSeconds: number };
  now?(): number;
}

/**
 * The first version's summary, every value read from the store or this node's counters. The parts
 * run concurrently; a part that fails is null with an `errors` entry naming it, the rest still answer.
 */
export class Summary {
  private readonly now: () => number;
  private readonly cache: AnswerCache<AnalyticsSummary>;
  private readonly tuning: KpiTuning = Value.Default(KpiTuning, {}) as KpiTuning;

  constructor(private readonly s: SummarySources) {
    this.now = s.now ?? Date.now;
    this.cache = new AnswerCache(s.settings.summaryCacheSeconds * 1000, (a) => !a.partial, this.now);
  }

  /** The summary over a period (default the last 24 hours); reused for the same query for summaryCacheSeconds. */
  report(q: PeriodQuery): Promise<AnalyticsSummary> {
    const period = resolvePeriod(q, this.now());
    const key = JSON.stringify([q.hours ?? null, q.from ?? null, q.to ?? null, period.timeZone, q.compare ?? null]);
    return this.cache.get(key, () => this.compute(period));
  }

  private async compute(period: Period): Promise<AnalyticsSummary> {
    const at = this.now();
    const errors: AnalyticsSummary["errors"] = [];
    const attempt = async <T>(parts: SummaryPart[], work: () => Promise<T> | T): Promise<T | null> => {
      try {
        return await work();
      } catch (err) {
        this.s.logger.warn({ err, parts }, "summary part failed");
        const message = err instanceof Error ? err.message : String(err);
        for (const part of parts) errors.push({ part, message });
        return null;
      }
    };
    const prev = period.previous;
    const [findings, events, prevEvents, kpis, current, warehouse] = await Promise.all([
      attempt<MetricFindings>(["recent_anomalies", "anomaly_summary", "forecasts", "trends"], () =>
        metricFindings(this.s.insights, period, this.s.settings),
      ),
      attempt(["processing_stats"], () => eventCounts(this.s.runner, period)),
      prev ? attempt(["previous"], () => eventCounts(this.s.runner, prev)) : null,
      attempt(["kpis"], () => this.s.kpis.report(period, this.tuning)),
      attempt(["current_metrics"], () => this.s.currentMetrics()),
      attempt(["data_warehouse_stats"], () => this.warehouse(at)),
    ]);
    const service = await attempt(["service_info"], () => this.serviceInfo(at));
    const status = this.s.pipeline.status();
    const processing: ProcessingStats | null = events
      ? {
          events_processed: events.events,
          events_by_type: events.by_type,
          events_accepted_since_start: status.accepted,
          events_loaded_since_start: status.loaded,
          anomalies_detected: findings?.anomalies.length ?? null,
          predictions_generated: findings
            ? Object.values(findings.forecasts).filter((f) => f.status === "ok").length
            : null,
          last_processing_time: new Date(at).toISOString(),
        }
      : null;
    const previousAnomalies = findings?.previousAnomalies;
    return {
      period: {
        from: new Date(period.from).toISOString(),
        to: new Date(period.to).toISOString(),
        time_zone: period.timeZone,
      },
      service_info: service,
      processing_stats: processing,
      kpis,
      current_metrics: current,
      recent_anomalies: findings?.anomalies ?? null,
      anomaly_summary: findings ? summarise(findings.anomalies) : null,
      forecasts: findings?.forecasts ?? null,
      trends: findings?.trends ?? null,
      data_warehouse_stats: warehouse,
      previous: prev
        ? {
            period: { from: new Date(prev.from).toISOString(), to: new Date(prev.to).toISOString() },
            events_processed: prevEvents?.events ?? null,
            anomaly_summary: previousAnomalies ? summarise(previousAnomalies) : null,
          }
        : null,
      partial: errors.length > 0,
      errors,
    };
  }

  private serviceInfo(at: number): ServiceInfo {
    const uptimeMs = at - this.s.pipeline.startedAt;
    return {
      name: "Deep Tree Echo Analytics",
      version: PACKAGE.version,
      engine: this.s.engine,
      node: this.s.node,
      started_at: new Date(this.s.pipeline.startedAt).toISOString(),
      uptime_seconds: Math.round(uptimeMs / 1000),
      uptime_hours: Math.round(uptimeMs / 36_000) / 100,
      summary_cache_seconds: this.s.settings.summaryCacheSeconds,
    };
  }

  /** Store-wide figures: the count and time span, events of two types (one scan, no distinct), active sessions. */
  private async warehouse(at: number): Promise<WarehouseStats> {
    const timeoutMs = this.s.settings.sessionTimeoutMinutes * MINUTE_MS;
    const [stats, types, sessions] = await Promise.all([
      runOne(this.s.runner, storeStats()),
      countsOver(this.s.runner, WHOLE_STORE, {
        system: { fn: "count", filter: ofType("system_metric") },
        cognitive: { fn: "count", filter: ofType("cognitive_process") },
      }),
      runOne(this.s.runner, sessionCount({ status: "active", activeSince: at - timeoutMs, now: at, timeoutMs })),
    ]);
    return {
      total_events: stats?.total_events ?? 0,
      active_sessions: sessions?.sessions ?? 0,
      system_metrics_count: types.system as number,
      cognitive_metrics_count: types.cognitive as number,
      oldest_event: iso(stats?.oldest_event ?? null),
      newest_event: iso(stats?.newest_event ?? null),
    };
  }
}
