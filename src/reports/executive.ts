import { Value } from "@sinclair/typebox/value";
import { type BucketSize, DAY_MS, wholeBuckets } from "../insights/buckets.js";
import { type KpiReport, KpiTuning } from "../insights/kpis.js";
import type { MetricName } from "../insights/series.js";
import { trendOf } from "../insights/trends.js";
import type { Period, TimeSpan } from "../model/period.js";
import { type Cell, type Chart, figuresTable, type ReportDocument, section } from "./document.js";
import { periodLine, type ReportPeriod, reportPeriod } from "./period-info.js";
import { type Recommendation, recommend } from "./recommendations.js";
import type { ReportSources } from "./sources.js";
import { type SpanFigures, spanFigures } from "./span-figures.js";

/** Periods up to this long trend over hourly buckets, longer ones over daily buckets. */
const HOURLY_UP_TO_MS = 14 * DAY_MS;
const DEFAULT_TUNING = Value.Default(KpiTuning, {}) as KpiTuning;

export interface TrendFigure {
  unit: string;
  /** The figure over the period and over the period of the same length just before it. */
  current: number | null;
  previous: number | null;
  /** (current − previous) / |previous| × 100; null when the previous figure is missing or 0. */
  change_percent: number | null;
  /** Least-squares slope of the metric's hourly (or daily) series over the period, per day; null without a fit. */
  slope_per_day: number | null;
  direction: "increasing" | "decreasing" | "stable" | null;
  /** ok, insufficient_data (fewer than 10 buckets) or too_noisy (r² below 0.3); ai_cost has no series: change only. */
  trend_status: "ok" | "insufficient_data" | "too_noisy" | "change_only";
}

export interface ExecutiveSummary {
  report_type: "executive_summary";
  generated_at: string;
  period: ReportPeriod & { previous_start: string; previous_end: string };
  key_metrics: {
    total_events: number;
    unique_users: number;
    sessions: number;
    api_calls: number;
    cognitive_runs: number;
    /** % of AI runs that succeeded; null without runs. */
    cognitive_success_rate: number | null;
    /** Priced at query time (sent cost, else tokens × price); null when no run is priced. */
    ai_cost: number | null;
    currency: string;
    avg_response_time: number | null;
    p95_response_time: number | null;
    /** Failed operations per 100: (error events + 5xx) / (API requests + error events). */
    error_rate: number | null;
    /** % of API requests answered without a 5xx; null without requests. */
    availability: number | null;
  };
  kpis: KpiReport;
  trends: Record<string, TrendFigure>;
  recommendations: Recommendation[];
}

/** The trended figures: each metric series of the catalogue and the span figure it is compared by. */
const TRENDED: ReadonlyArray<{ key: string; metric: MetricName; unit: string; of: (f: SpanFigures) => number | null }> =
  [
    { key: "events", metric: "events", unit: "events", of: (f) => f.events },
    { key: "active_users", metric: "active_users", unit: "users", of: (f) => f.users },
    { key: "error_rate", metric: "error_rate", unit: "%", of: (f) => f.error_rate },
    { key: "response_time", metric: "response_time", unit: "ms", of: (f) => f.avg_response_time },
    { key: "cognitive_latency", metric: "cognitive_latency", unit: "ms", of: (f) => f.avg_processing_time },
    { key: "tokens", metric: "tokens", unit: "tokens", of: (f) => f.tokens },
  ];

function change(current: number | null, previous: number | null): number | null {
  return current === null || previous === null || previous === 0
    ? null
    : ((current - previous) / Math.abs(previous)) * 100;
}

/** The executive summary over a period, compared with the period of the same length just before it. */
export async function executiveSummary(s: ReportSources, period: Period): Promise<ExecutiveSummary> {
  const previous: TimeSpan = period.previous ?? { from: period.from - (period.to - period.from), to: period.from };
  const compared: Period = { ...period, previous };
  const bucket: BucketSize = period.to - period.from <= HOURLY_UP_TO_MS ? "hour" : "day";
  const whole = wholeBuckets(period, bucket, period.timeZone);
  const [now, before, kpis, cost, series] = await Promise.all([
    spanFigures(s.runner, period),
    spanFigures(s.runner, previous),
    s.kpis.report(compared, DEFAULT_TUNING),
    s.aiUsage.report(compared, "model"),
    s.insights.seriesOfMany(
      TRENDED.map((t) => t.metric),
      { ...whole, timeZone: period.timeZone },
      bucket,
    ),
  ]);
  const trends: Record<string, TrendFigure> = {};
  TRENDED.forEach((t, i) => {
    const fit = trendOf(series[i]?.points ?? []);
    const current = t.of(now);
    const prior = t.of(before);
    trends[t.key] = {
      unit: t.unit,
      current,
      previous: prior,
      change_percent: change(current, prior),
      slope_per_day: fit.slope_per_day,
      direction: fit.trend,
      trend_status: fit.status,
    };
  });
  const aiCost = { current: cost.totals.cost, previous: cost.previous?.totals.cost ?? null };
  trends.ai_cost = {
    unit: cost.currency,
    ...aiCost,
    change_percent: change(aiCost.current, aiCost.previous),
    slope_per_day: null,
    direction: null,
    trend_status: "change_only",
  };
  return {
    report_type: "executive_summary",
    generated_at: new Date(s.now()).toISOString(),
    period: {
      ...reportPeriod(period),
      previous_start: new Date(previous.from).toISOString(),
      previous_end: new Date(previous.to).toISOString(),
    },
    key_metrics: {
      total_events: now.events,
      unique_users: now.users,
      sessions: now.sessions,
      api_calls: now.api_calls,
      cognitive_runs: now.cognitive_runs,
      cognitive_success_rate: now.cognitive_success_rate,
      ai_cost: cost.totals.cost,
      currency: cost.currency,
      avg_response_time: now.avg_response_time,
      p95_response_time: now.p95_response_time,
      error_rate: now.error_rate,
      availability: now.availability,
    },
    kpis,
    trends,
    recommendations: recommend({ figures: now, kpis, trends, aiCost }),
  };
}

/** The executive summary laid out: key metrics, KPIs with components, trends, recommendations. */
export function executiveDocument(r: ExecutiveSummary): ReportDocument {
  const k = r.kpis;
  const kpiRows: Cell[][] = (["user_engagement", "system_health", "cognitive_performance"] as const).flatMap((name) => [
    [name, null, null, k[name].score],
    ...k[name].components.map((c): Cell[] => [`${name}.${c.name}`, c.value, c.target, c.score]),
  ]);
  const kpiChart: Chart = {
    kind: "bar",
    title: "KPI scores",
    labels: ["overall", "user_engagement", "system_health", "cognitive_performance"],
    series: [
      {
        name: "score",
        values: [k.overall, k.user_engagement.score, k.system_health.score, k.cognitive_performance.score],
      },
    ],
    unit: "of 100",
  };
  return {
    title: "Executive summary",
    subtitle: periodLine(r.period, r.generated_at),
    sections: [
      section("Key metrics", { tables: [figuresTable("key_metrics", "Key metrics", r.key_metrics)] }),
      section("KPIs", {
        charts: k.overall === null ? [] : [kpiChart],
        tables: [
          {
            name: "kpis",
            title: `KPIs (overall ${k.overall === null ? "–" : Number(k.overall.toFixed(1))} of 100)`,
            columns: ["kpi", "value", "target", "score"],
            rows: kpiRows,
          },
        ],
      }),
      section("Trends", {
        notes: [`Against ${r.period.previous_start} to ${r.period.previous_end}; slopes of the period's series.`],
        tables: [
          {
            name: "trends",
            title: "Trends",
            columns: ["metric", "unit", "current", "previous", "change_percent", "slope_per_day", "direction"],
            rows: Object.entries(r.trends).map(([name, t]) => [
              name,
              t.unit,
              t.current,
              t.previous,
              t.change_percent,
              t.slope_per_day,
              t.direction ?? t.trend_status,
            ]),
          },
        ],
      }),
      section("Recommendations", {
        notes: r.recommendations.length ? [] : ["No rule fired over the period."],
        tables: [
          {
            name: "recommendations",
            title: "Recommendations",
            columns: ["rule", "metric", "value", "threshold", "message"],
            rows: r.recommendations.map((x) => [x.rule, x.metric, x.value, x.threshold, x.message]),
          },
        ],
      }),
    ],
  };
}
