import type { Anomaly } from "../insights/anomalies.js";
import type { UsageFigures } from "../insights/cost.js";
import type { Period } from "../model/period.js";
import { eventSummary } from "../store/queries/event-summary.js";
import { type RequestStats, requestStats } from "../store/queries/request-stats.js";
import { type ResourceStats, resourceStats } from "../store/queries/resource-stats.js";
import { topDataValues } from "../store/queries/top-data-values.js";
import { topValues } from "../store/queries/top-values.js";
import type { Filter } from "../store/sql/filter.js";
import { type Chart, figuresTable, type ReportDocument, section, type Table } from "./document.js";
import { percent, periodLine, type ReportPeriod, reportPeriod } from "./period-info.js";
import type { ReportSources } from "./sources.js";

/** Endpoints listed as the slowest (by p95). */
export const SLOWEST_ENDPOINTS = 5;
const TOP_ERRORS = 20;
const TOP_MESSAGES = 10;
const ERRORS: Filter = { field: "event_type", op: "eq", value: "error" };

export interface EndpointPerformance {
  endpoint: string | null;
  requests: number;
  avg_response_time: number | null;
  p50_response_time: number | null;
  p95_response_time: number | null;
  p99_response_time: number | null;
  client_errors: number;
  server_errors: number;
  /** 5xx per 100 requests of the endpoint. */
  server_error_rate: number | null;
}

export type CognitiveGroup = { key: string | null } & UsageFigures;

export interface TechnicalReport {
  report_type: "technical_report";
  generated_at: string;
  period: ReportPeriod;
  performance: {
    total_requests: number;
    avg_response_time: number | null;
    p50_response_time: number | null;
    p95_response_time: number | null;
    p99_response_time: number | null;
    /** Requests per hour and per second of the period (its real length). */
    throughput_per_hour: number;
    throughput_per_second: number;
    by_endpoint: EndpointPerformance[];
    /** Endpoints with the highest p95, slowest first. */
    slowest_endpoints: EndpointPerformance[];
  };
  errors: {
    /** Events of type error. */
    total_errors: number;
    /** API requests answered 5xx. */
    server_errors: number;
    /** Failed operations per 100: (error events + 5xx) / (API requests + error events), as the error_rate metric. */
    error_rate: number | null;
    /** 5xx per 100 API requests. */
    server_error_rate: number | null;
    /** Error events by error_type (the most frequent first). */
    error_distribution: Record<string, number>;
    most_common_error: string | null;
    /** Failed API requests per endpoint, most 5xx first. */
    by_endpoint: Array<{ endpoint: string | null; requests: number; client_errors: number; server_errors: number }>;
    top_messages: Array<{ message: string; count: number }>;
  };
  cognitive_processing: {
    currency: string;
    totals: UsageFigures;
    by_membrane: CognitiveGroup[];
    by_model: CognitiveGroup[];
  };
  resources: ResourceStats;
  /** Anomalies of the metric series over the period's whole hours, newest first. */
  anomalies: Anomaly[];
}

function endpointFigures(r: RequestStats): EndpointPerformance {
  return {
    endpoint: r.endpoint,
    requests: r.requests,
    avg_response_time: r.avg_response_time,
    p50_response_time: r.p50_response_time,
    p95_response_time: r.p95_response_time,
    p99_response_time: r.p99_response_time,
    client_errors: r.client_errors,
    server_errors: r.server_errors,
    server_error_rate: percent(r.server_errors, r.requests),
  };
}

/** The technical report over a period: every figure read from the store. */
export async function technicalReport(s: ReportSources, period: Period): Promise<TechnicalReport> {
  const span = { from: period.from, to: period.to };
  const [[all], [summary], endpoints, types, messages, [resources], byModel, byMembrane, anomalies] = await Promise.all(
    [
      s.runner.run(requestStats({ ...span, byEndpoint: false })),
      s.runner.run(eventSummary(span)),
      s.runner.run(requestStats({ ...span, byEndpoint: true })),
      s.runner.run(topValues({ ...span, field: "error_type", limit: TOP_ERRORS, filter: ERRORS })),
      s.runner.run(topDataValues({ ...span, field: "error_message", limit: TOP_MESSAGES, filter: ERRORS })),
      s.runner.run(resourceStats(span)),
      s.aiUsage.report({ ...period, previous: null }, "model"),
      s.aiUsage.report({ ...period, previous: null }, "membrane_type"),
      s.insights.anomalies({ ...period, previous: null }),
    ],
  );
  const requests = all?.requests ?? 0;
  const serverErrors = all?.server_errors ?? 0;
  // The error distribution lists only the most frequent types; the summary counts them all.
  const errorEvents = summary?.by_type.error ?? 0;
  const hours = (period.to - period.from) / 3_600_000;
  const byEndpoint = endpoints.map(endpointFigures);
  const slowest = byEndpoint
    .filter((e) => e.p95_response_time !== null)
    .sort((a, b) => (b.p95_response_time as number) - (a.p95_response_time as number) || order(a.endpoint, b.endpoint))
    .slice(0, SLOWEST_ENDPOINTS);
  return {
    report_type: "technical_report",
    generated_at: new Date(s.now()).toISOString(),
    period: reportPeriod(period),
    performance: {
      total_requests: requests,
      avg_response_time: all?.avg_response_time ?? null,
      p50_response_time: all?.p50_response_time ?? null,
      p95_response_time: all?.p95_response_time ?? null,
      p99_response_time: all?.p99_response_time ?? null,
      throughput_per_hour: requests / hours,
      throughput_per_second: requests / (hours * 3600),
      by_endpoint: byEndpoint,
      slowest_endpoints: slowest,
    },
    errors: {
      total_errors: errorEvents,
      server_errors: serverErrors,
      error_rate: percent(errorEvents + serverErrors, requests + errorEvents),
      server_error_rate: percent(serverErrors, requests),
      error_distribution: Object.fromEntries(types.map((t) => [String(t.value), t.count])),
      most_common_error: types[0] ? String(types[0].value) : null,
      by_endpoint: byEndpoint
        .filter((e) => e.client_errors + e.server_errors > 0)
        .sort((a, b) => b.server_errors - a.server_errors || b.client_errors - a.client_errors)
        .map((e) => ({
          endpoint: e.endpoint,
          requests: e.requests,
          client_errors: e.client_errors,
          server_errors: e.server_errors,
        })),
      top_messages: messages.map((m) => ({ message: m.value, count: m.count })),
    },
    cognitive_processing: {
      currency: byModel.currency,
      totals: byModel.totals,
      by_model: byModel.groups,
      by_membrane: byMembrane.groups,
    },
    resources: resources as ResourceStats,
    anomalies: anomalies.anomalies,
  };
}

const order = (a: string | null, b: string | null) => (a ?? "").localeCompare(b ?? "");

const latencyColumns = ["requests", "avg_ms", "p50_ms", "p95_ms", "p99_ms", "4xx", "5xx"];
const latencyRow = (e: EndpointPerformance) => [
  e.endpoint,
  e.requests,
  e.avg_response_time,
  e.p50_response_time,
  e.p95_response_time,
  e.p99_response_time,
  e.client_errors,
  e.server_errors,
];

function cognitiveTable(name: string, title: string, key: string, groups: CognitiveGroup[], currency: string): Table {
  return {
    name,
    title,
    columns: [key, "runs", "success_rate", "latency_p50_ms", "latency_p95_ms", `cost_${currency}`, "cost_coverage"],
    rows: groups.map((g) => [g.key, g.runs, g.success_rate, g.latency_p50_ms, g.latency_p95_ms, g.cost, g.coverage]),
  };
}

/** The technical report laid out: performance, errors, AI processing, resources, anomalies. */
export function technicalDocument(r: TechnicalReport): ReportDocument {
  const p = r.performance;
  const e = r.errors;
  const c = r.cognitive_processing;
  const slowChart: Chart = {
    kind: "bar",
    title: "Slowest endpoints, p95 response time",
    labels: p.slowest_endpoints.map((x) => x.endpoint ?? "(none)"),
    series: [{ name: "p95", values: p.slowest_endpoints.map((x) => x.p95_response_time) }],
    unit: "ms",
  };
  const errorChart: Chart = {
    kind: "bar",
    title: "Error events by type",
    labels: Object.keys(e.error_distribution),
    series: [{ name: "errors", values: Object.values(e.error_distribution) }],
    unit: "events",
  };
  return {
    title: "Technical report",
    subtitle: periodLine(r.period, r.generated_at),
    sections: [
      section("Performance", {
        tables: [
          figuresTable("performance", "API performance", {
            total_requests: p.total_requests,
            avg_response_time_ms: p.avg_response_time,
            p50_response_time_ms: p.p50_response_time,
            p95_response_time_ms: p.p95_response_time,
            p99_response_time_ms: p.p99_response_time,
            throughput_per_hour: p.throughput_per_hour,
            throughput_per_second: p.throughput_per_second,
          }),
          {
            name: "performance_by_endpoint",
            title: "By endpoint",
            columns: ["endpoint", ...latencyColumns],
            rows: p.by_endpoint.map(latencyRow),
          },
        ],
        charts: p.slowest_endpoints.length ? [slowChart] : [],
        notes: p.total_requests ? [] : ["No API requests in the period."],
      }),
      section("Errors", {
        tables: [
          figuresTable("errors", "Errors", {
            error_events: e.total_errors,
            server_errors_5xx: e.server_errors,
            error_rate_percent: e.error_rate,
            server_error_rate_percent: e.server_error_rate,
            most_common_error: e.most_common_error,
          }),
          {
            name: "errors_by_type",
            title: "Error events by type",
            columns: ["error_type", "events"],
            rows: Object.entries(e.error_distribution),
          },
          {
            name: "errors_by_endpoint",
            title: "Failed requests by endpoint",
            columns: ["endpoint", "requests", "4xx", "5xx"],
            rows: e.by_endpoint.map((x) => [x.endpoint, x.requests, x.client_errors, x.server_errors]),
          },
          {
            name: "error_messages",
            title: "Most frequent error messages",
            columns: ["message", "events"],
            rows: e.top_messages.map((m) => [m.message, m.count]),
          },
        ],
        charts: e.total_errors ? [errorChart] : [],
      }),
      section("Cognitive processing", {
        tables: [
          cognitiveTable("cognitive_totals", "All runs", "scope", [{ key: "all", ...c.totals }], c.currency),
          cognitiveTable("cognitive_by_membrane", "By membrane", "membrane_type", c.by_membrane, c.currency),
          cognitiveTable("cognitive_by_model", "By model", "model", c.by_model, c.currency),
        ],
        notes: [
          "Cost: a run's sent cost, else its tokens at the price in effect then; coverage is the share of runs priced.",
        ],
      }),
      section("System resources", {
        tables: [figuresTable("resources", "Resource use (%)", { ...r.resources })],
        notes: r.resources.samples ? [] : ["No system metrics in the period."],
      }),
      section("Anomalies", {
        tables: [
          {
            name: "anomalies",
            title: "Anomalies of the hourly metric series",
            columns: ["timestamp", "metric", "actual", "expected", "severity", "description"],
            rows: r.anomalies.map((a) => [
              a.timestamp,
              a.metric_name,
              a.actual_value,
              a.expected_value,
              a.severity,
              a.description,
            ]),
          },
        ],
      }),
    ],
  };
}
