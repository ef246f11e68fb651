import type { Filter } from "../store/sql/filter.js";
import type { DashboardDefinition, Measure, WidgetConfiguration, WidgetDef } from "./api-schemas.js";

/**
 * The built-in dashboards, in code (not in the store), in the order the list shows them. Their
 * ids cannot be taken by custom dashboards. Each widget is an ordinary definition, so the page
 * renders them as it renders custom ones.
 */

const ofType = (t: string): Filter => ({ field: "event_type", op: "eq", value: t });
const API = ofType("api_request");
const RUNS = ofType("cognitive_process");
const COST: Measure = { fn: "sum", field: "cost", label: "cost" };

type Place = [x: number, y: number, width: number, height: number];

function widget(
  widget_id: string,
  title: string,
  data_source: WidgetDef["data_source"],
  configuration: WidgetConfiguration,
  [x, y, width, height]: Place,
  widget_type = configuration.chart === "number" ? "metric" : configuration.chart === "table" ? "table" : "chart",
): WidgetDef {
  return { widget_id, widget_type, title, data_source, configuration, position: { x, y, width, height } };
}

function dashboard(id: string, name: string, description: string, widgets: WidgetDef[]): DashboardDefinition {
  return { id, name, description, widgets, builtin: true, created_at: null, last_modified: null };
}

const executive = dashboard("executive", "Executive Dashboard", "High-level business metrics and KPIs", [
  widget(
    "kpi_overview",
    "Key Performance Indicators",
    "kpis",
    { metrics: ["user_engagement", "system_health", "cognitive_performance"] },
    [0, 0, 12, 3],
    "metric",
  ),
  widget("events_total", "Events", "time_series", { measure: { fn: "count" }, chart: "number" }, [0, 3, 3, 2]),
  widget(
    "active_users_total",
    "Active users",
    "time_series",
    { measure: { fn: "unique_users" }, chart: "number" },
    [3, 3, 3, 2],
  ),
  widget("error_rate_total", "Error rate", "time_series", { metric: "error_rate", chart: "number" }, [6, 3, 3, 2]),
  widget("ai_cost_total", "AI cost", "time_series", { measure: COST, chart: "number" }, [9, 3, 3, 2]),
  widget(
    "user_growth",
    "Active users per day",
    "time_series",
    { metric: "unique_users", interval: "1d", chart: "line" },
    [0, 5, 6, 4],
  ),
  widget(
    "events_per_hour",
    "Events per hour",
    "time_series",
    { measure: { fn: "count" }, interval: "1h", chart: "bar" },
    [6, 5, 6, 4],
  ),
  widget(
    "cost_by_model",
    "AI cost by model",
    "distribution",
    { measure: COST, breakdown: "model", chart: "doughnut" },
    [0, 9, 6, 4],
  ),
  widget(
    "system_health",
    "System health score",
    "kpis",
    { metric: "system_health", chart: "number", min: 0, max: 100 },
    [6, 9, 6, 4],
    "gauge",
  ),
]);

const technical = dashboard("technical", "Technical Dashboard", "System performance and technical metrics", [
  widget(
    "response_time",
    "Response time p50 / p95 / p99",
    "time_series",
    {
      measures: [
        { fn: "p50", field: "response_time" },
        { fn: "p95", field: "response_time" },
        { fn: "p99", field: "response_time" },
      ],
      filter: API,
      interval: "1h",
      chart: "line",
    },
    [0, 0, 6, 4],
  ),
  widget(
    "error_rate",
    "Error rate",
    "time_series",
    { metric: "error_rate", interval: "1h", chart: "line", anomalies: true, forecast: true },
    [6, 0, 6, 4],
  ),
  widget(
    "throughput",
    "Throughput (API requests)",
    "time_series",
    { filter: API, interval: "1h", chart: "bar" },
    [0, 4, 6, 4],
  ),
  widget(
    "status_classes",
    "Status classes",
    "distribution",
    { breakdown: "status_class", filter: API, chart: "doughnut" },
    [6, 4, 6, 4],
  ),
  widget(
    "slowest_endpoints",
    "Slowest endpoints (p95)",
    "distribution",
    { measure: { fn: "p95", field: "response_time" }, breakdown: "endpoint", filter: API, chart: "table", limit: 10 },
    [0, 8, 6, 4],
  ),
  widget(
    "errors_by_type",
    "Errors by type",
    "distribution",
    { breakdown: "error_type", filter: ofType("error"), chart: "table" },
    [6, 8, 6, 4],
  ),
  widget(
    "event_distribution",
    "Event Type Distribution",
    "distribution",
    { field: "event_type", chart: "doughnut" },
    [0, 12, 12, 4],
  ),
]);

const cognitive = dashboard("cognitive", "Cognitive Dashboard", "AI processing: latency, tokens, success and cost", [
  widget(
    "processing_time",
    "Processing time p50 / p95",
    "time_series",
    {
      measures: [
        { fn: "p50", field: "processing_time" },
        { fn: "p95", field: "processing_time" },
      ],
      filter: RUNS,
      interval: "1h",
      chart: "line",
    },
    [0, 0, 6, 4],
  ),
  widget(
    "tokens",
    "Tokens in / out per hour",
    "time_series",
    {
      measures: [
        { fn: "sum", field: "input_tokens", label: "input tokens" },
        { fn: "sum", field: "output_tokens", label: "output tokens" },
      ],
      filter: RUNS,
      interval: "1h",
      chart: "bar",
    },
    [6, 0, 6, 4],
  ),
  widget(
    "success_rate",
    "Success rate",
    "time_series",
    {
      measure: {
        fn: "rate",
        rate: { field: "success", op: "eq", value: true },
        label: "success rate",
        better: "higher",
      },
      filter: RUNS,
      chart: "number",
    },
    [0, 4, 3, 2],
  ),
  widget(
    "runs_total",
    "AI runs",
    "time_series",
    { measure: { fn: "count", label: "runs" }, filter: RUNS, chart: "number" },
    [3, 4, 3, 2],
  ),
  widget(
    "cognitive_kpi",
    "Cognitive performance (tokens per second, success, latency)",
    "kpis",
    { metrics: ["cognitive_performance"] },
    [6, 4, 6, 2],
    "metric",
  ),
  widget(
    "cost_by_model",
    "Cost and runs by model",
    "distribution",
    { measure: COST, breakdown: "model", chart: "table" },
    [0, 6, 6, 4],
  ),
  widget(
    "cost_by_membrane",
    "Cost and runs by membrane",
    "distribution",
    { measure: COST, breakdown: "membrane_type", chart: "table" },
    [6, 6, 6, 4],
  ),
]);

const userBehavior = dashboard("user_behavior", "User Behaviour Dashboard", "Who uses the service, when and how", [
  widget(
    "active_users",
    "Active users per day",
    "time_series",
    { measure: { fn: "unique_users" }, interval: "1d", chart: "line" },
    [0, 0, 6, 4],
  ),
  widget(
    "sessions",
    "Sessions started per day",
    "time_series",
    { measure: { fn: "count", label: "sessions" }, filter: ofType("session_start"), interval: "1d", chart: "bar" },
    [6, 0, 6, 4],
  ),
  widget(
    "top_actions",
    "Top actions",
    "distribution",
    { breakdown: "action", filter: ofType("user_action"), chart: "bar", limit: 10 },
    [0, 4, 6, 4],
  ),
  widget("activity_heatmap", "Activity by hour and weekday", "heatmap", { chart: "heatmap" }, [6, 4, 6, 4]),
  widget(
    "events_per_session",
    "Sessions by events per session",
    "distribution",
    { breakdown: "session_size", chart: "bar" },
    [0, 8, 6, 4],
  ),
  widget("top_users", "Top users", "distribution", { breakdown: "user_id", chart: "table", limit: 25 }, [6, 8, 6, 4]),
]);

/** The built-in dashboards, in list order: executive, technical, cognitive, user_behavior. */
export const PREDEFINED: readonly DashboardDefinition[] = [executive, technical, cognitive, userBehavior];

export function predefined(id: string): DashboardDefinition | undefined {
  return PREDEFINED.find((d) => d.id === id);
}
