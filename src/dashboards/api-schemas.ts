import { type Static, type TSchema, Type } from "@sinclair/typebox";
import { PeriodQuery } from "../model/period.js";
import { idString, wellFormedString } from "../model/strings.js";
import type { Filter } from "../store/sql/filter.js";

/**
 * The dashboards API's contract: widget and dashboard definitions (the first version's format,
 * extended), the data query, and every kind of widget data. The web app renders from these alone.
 */

const orNull = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Num = Type.Number();
const NumOrNull = orNull(Num);
const Iso = Type.String({ format: "date-time" });
const literals = <T extends string>(values: readonly T[], description: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { description, "x-error": `must be one of ${values.join(", ")}` },
  );

/** Dashboard and widget ids: safe in a URL path and as a map key. */
const ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$";
export const DashboardId = Type.String({ pattern: ID_PATTERN, description: "Letters, digits, _ . - (1–64)" });
const Text = (maxLength: number, description: string) => wellFormedString({ maxLength, description });

// --- The filter language (src/store/sql/filter.ts), nested at most FILTER_DEPTH deep -------------------------

const Scalar = Type.Union([Type.String({ maxLength: 256 }), Type.Number(), Type.Boolean()]);
const Field = Type.String({ minLength: 1, maxLength: 70, description: "An event field, or data.<name>" });
const Condition = Type.Union([
  Type.Object(
    { field: Field, op: literals(["eq", "ne", "lt", "lte", "gt", "gte"], "Comparison"), value: Scalar },
    { additionalProperties: false },
  ),
  Type.Object(
    { field: Field, op: Type.Literal("in"), value: Type.Array(Scalar, { maxItems: 100 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    { field: Field, op: literals(["contains", "starts_with"], "Text match"), value: Type.String({ maxLength: 256 }) },
    { additionalProperties: false },
  ),
  Type.Object({ field: Field, op: literals(["is_null", "not_null"], "Presence") }, { additionalProperties: false }),
]);

/** How deep `and`/`or`/`not` may nest: enough for any dashboard, and the schema stays finite (no $ref). */
export const FILTER_DEPTH = 3;

function filterSchema(depth: number): TSchema {
  if (depth === 0) return Condition;
  const inner = filterSchema(depth - 1);
  return Type.Union([
    Condition,
    Type.Object({ and: Type.Array(inner, { maxItems: 20 }) }, { additionalProperties: false }),
    Type.Object({ or: Type.Array(inner, { maxItems: 20 }) }, { additionalProperties: false }),
    Type.Object({ not: inner }, { additionalProperties: false }),
  ]);
}

export const WidgetFilter = Type.Unsafe<Filter>(filterSchema(FILTER_DEPTH) as never);

// --- Widget definitions -------------------------------------------------------------------------------------

export const MEASURE_FNS = ["count", "unique_users", "avg", "p50", "p90", "p95", "p99", "sum", "rate"] as const;
export type MeasureFn = (typeof MEASURE_FNS)[number];
/** Numeric fields a measure may average, sum or take percentiles of. */
export const MEASURE_FIELDS = [
  "response_time",
  "processing_time",
  "input_tokens",
  "output_tokens",
  "cost",
  "status_code",
  "cpu_usage",
  "memory_usage",
  "disk_usage",
] as const;
export const BREAKDOWNS = [
  "event_type",
  "endpoint",
  "status_class",
  "membrane_type",
  "model",
  "user_id",
  "error_type",
  "action",
  "session_id",
  "session_size",
] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];
export const CHARTS = ["line", "bar", "doughnut", "table", "number", "heatmap"] as const;
export type Chart = (typeof CHARTS)[number];
export const DATA_SOURCES = ["time_series", "distribution", "kpis", "correlation", "heatmap"] as const;
/** The first version's metric names, each mapped to a measure. */
export const LEGACY_METRICS = ["event_count", "unique_users", "avg_response_time", "error_rate"] as const;
/** A kpis widget may show one score as a number tile. */
export const KPI_NAMES = ["overall", "user_engagement", "system_health", "cognitive_performance"] as const;

export const Measure = Type.Object(
  {
    fn: literals(MEASURE_FNS, "What a bucket, group or tile reports"),
    field: Type.Optional(
      literals(MEASURE_FIELDS, "The numeric field of avg, percentiles and sum (count and unique_users take none)"),
    ),
    rate: Type.Optional(WidgetFilter),
    label: Type.Optional(Text(80, "The series' name (default: the measure, e.g. p95 response_time)")),
    better: Type.Optional(
      literals(["lower", "higher"], "Which direction is good (default: lower for latency and cost, higher for users)"),
    ),
  },
  {
    additionalProperties: false,
    description: "rate: the share (×100) of the widget's events that match `rate`",
  },
);
export type Measure = Static<typeof Measure>;

const Interval = Type.String({
  maxLength: 8,
  description: "<int>m, <int>h or <int>d, more than 0; default by the period (5m up to 6 h, 1h up to 3 d, else 1d)",
});

export const WidgetConfiguration = Type.Object(
  {
    measure: Type.Optional(Measure),
    measures: Type.Optional(
      Type.Array(Measure, { minItems: 1, maxItems: 6, description: "Several series in one chart" }),
    ),
    metric: Type.Optional(
      literals(
        [...LEGACY_METRICS, ...KPI_NAMES],
        "The first version's metric (mapped to a measure), or a KPI score for a kpis number tile",
      ),
    ),
    breakdown: Type.Optional(
      literals(BREAKDOWNS, "Group by this field; session_size: sessions by their number of events (a histogram)"),
    ),
    field: Type.Optional(literals(BREAKDOWNS, "The first version's distribution field (same as breakdown)")),
    filter: Type.Optional(WidgetFilter),
    interval: Type.Optional(Interval),
    chart: Type.Optional(literals(CHARTS, "How to draw it; default by data_source")),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: "Top N of a breakdown (default 25)" })),
    anomalies: Type.Optional(Type.Boolean({ description: "Mark anomalous points of a series" })),
    forecast: Type.Optional(Type.Boolean({ description: "Add a forecast band after a series" })),
    metric1: Type.Optional(literals(MEASURE_FIELDS, "Correlation: the x field")),
    metric2: Type.Optional(literals(MEASURE_FIELDS, "Correlation: the y field")),
    metrics: Type.Optional(
      Type.Array(Type.String({ maxLength: 64 }), { maxItems: 10, description: "The first version's kpis list" }),
    ),
    min: Type.Optional(Num),
    max: Type.Optional(Num),
  },
  { additionalProperties: false },
);
export type WidgetConfiguration = Static<typeof WidgetConfiguration>;

export const Position = Type.Object(
  {
    x: Type.Integer({ minimum: 0, maximum: 11 }),
    y: Type.Integer({ minimum: 0, maximum: 1000 }),
    width: Type.Integer({ minimum: 1, maximum: 12 }),
    height: Type.Integer({ minimum: 1, maximum: 100 }),
  },
  { additionalProperties: false, description: "On a 12-column grid" },
);

export const WidgetDef = Type.Object(
  {
    widget_id: Type.String({ pattern: ID_PATTERN, description: "Unique in its dashboard" }),
    widget_type: Text(32, "The first version's chart|metric|table|gauge (kept; `configuration.chart` draws)"),
    title: Text(200, "Shown above the widget"),
    data_source: literals(DATA_SOURCES, "What the widget computes"),
    configuration: WidgetConfiguration,
    position: Position,
    refresh_interval: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600, description: "Seconds" })),
  },
  { additionalProperties: false },
);
export type WidgetDef = Static<typeof WidgetDef>;

/** A custom dashboard as POST and PUT take it: the first version's format. */
export const DashboardInput = Type.Object(
  {
    id: DashboardId,
    name: Text(200, "The dashboard's name"),
    description: Type.Optional(Text(2000, "What it shows")),
    widgets: Type.Array(WidgetDef, { maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type DashboardInput = Static<typeof DashboardInput>;

/** A dashboard's definition as stored (custom) or built in code. */
export const DashboardDefinition = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  widgets: Type.Array(WidgetDef),
  builtin: Type.Boolean(),
  created_at: orNull(Iso),
  last_modified: orNull(Iso),
});
export type DashboardDefinition = Static<typeof DashboardDefinition>;

export const DashboardsReply = Type.Object({
  dashboards: Type.Array(
    Type.Object({
      dashboard_id: Type.String(),
      name: Type.String(),
      description: Type.String(),
      widget_count: Type.Integer(),
      builtin: Type.Boolean(),
      created_at: orNull(Iso),
      last_modified: orNull(Iso),
    }),
  ),
});

export type DashboardsReply = Static<typeof DashboardsReply>;

export const DashboardParams = Type.Object({ id: idString() });

/** The data query: the shared period, page filters applied to every widget, an optional interval for every series. */
export const DashboardQuery = Type.Composite(
  [
    PeriodQuery,
    Type.Object({
      event_type: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
      user_id: Type.Optional(idString()),
      endpoint: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
      membrane_type: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
      model: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
      interval: Type.Optional(Interval),
    }),
  ],
  { additionalProperties: false },
);
export type DashboardQuery = Static<typeof DashboardQuery>;

// --- Widget data --------------------------------------------------------------------------------------------

const Better = Type.Union([Type.Literal("lower"), Type.Literal("higher"), Type.Null()], {
  description: "Which direction is good: lower for latency, errors, cost; higher for users, success; null neutral",
});
/** Priced measures (cost) say how many runs had no price, so a page marks them instead of showing 0. */
const Pricing = {
  unpriced_runs: Type.Optional(Type.Integer()),
  coverage_pct: Type.Optional(NumOrNull),
};
const Point = Type.Object({ t: Num, value: NumOrNull, ...Pricing });
const Named = Type.Object({ name: Type.String(), points: Type.Array(Point) });

export const SeriesData = Type.Object({
  kind: Type.Literal("series"),
  unit: Type.String(),
  better: Better,
  interval_ms: Num,
  series: Type.Array(Named),
  partial_from: orNull(Num),
  previous: orNull(Type.Array(Named)),
  anomalies: Type.Array(Type.Object({ t: Num, value: Num, severity: Type.String(), score: Num })),
  forecast: Type.Array(Type.Object({ t: Num, value: Num, lower: Num, upper: Num })),
});

export const BreakdownData = Type.Object({
  kind: Type.Literal("breakdown"),
  unit: Type.String(),
  better: Better,
  rows: Type.Array(
    Type.Object({
      key: Type.String(),
      value: NumOrNull,
      previous: NumOrNull,
      runs: Type.Optional(Type.Integer()),
      ...Pricing,
    }),
  ),
  total_groups: Type.Integer(),
  shown: Type.Integer(),
});

export const NumberData = Type.Object({
  kind: Type.Literal("number"),
  unit: Type.String(),
  better: Better,
  value: NumOrNull,
  previous: NumOrNull,
  change_pct: NumOrNull,
  ...Pricing,
});

export const HeatmapData = Type.Object({
  kind: Type.Literal("heatmap"),
  unit: Type.String(),
  cells: Type.Array(
    Type.Object({
      weekday: Type.Integer({ minimum: 0, maximum: 6, description: "Monday 0" }),
      hour: Type.Integer({ minimum: 0, maximum: 23 }),
      value: Num,
    }),
  ),
  max: Num,
});

const Component = Type.Object({
  name: Type.String(),
  value: NumOrNull,
  target: NumOrNull,
  score: NumOrNull,
  weight: Num,
});
const Kpi = Type.Object({ score: NumOrNull, weight: Num, components: Type.Array(Component) });

export const KpisData = Type.Object({
  kind: Type.Literal("kpis"),
  overall: NumOrNull,
  user_engagement: Kpi,
  system_health: Kpi,
  cognitive_performance: Kpi,
});

export const CorrelationData = Type.Object({
  kind: Type.Literal("correlation"),
  metric1: Type.String(),
  metric2: Type.String(),
  correlation: NumOrNull,
  sample_size: Type.Integer(),
  scatter: Type.Array(Type.Object({ x: Num, y: Num }), { maxItems: 1000 }),
});

export const WidgetError = Type.Object({ error: Type.String() });

export const WidgetData = Type.Union([
  SeriesData,
  BreakdownData,
  NumberData,
  HeatmapData,
  KpisData,
  CorrelationData,
  WidgetError,
]);
export type SeriesData = Static<typeof SeriesData>;
export type BreakdownData = Static<typeof BreakdownData>;
export type NumberData = Static<typeof NumberData>;
export type HeatmapData = Static<typeof HeatmapData>;
export type KpisData = Static<typeof KpisData>;
export type CorrelationData = Static<typeof CorrelationData>;
export type WidgetData = Static<typeof WidgetData>;

export const DashboardDataReply = Type.Object({
  dashboard_id: Type.String(),
  dashboard_name: Type.String(),
  description: Type.String(),
  builtin: Type.Boolean(),
  generated_at: Iso,
  time_range: Type.Object({ start: Iso, end: Iso }),
  refresh_seconds: Type.Integer(),
  newest_event: orNull(Iso),
  layout: Type.Array(WidgetDef),
  widgets: Type.Record(Type.String(), WidgetData),
});
export type DashboardDataReply = Static<typeof DashboardDataReply>;
