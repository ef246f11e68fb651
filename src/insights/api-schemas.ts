import { Type } from "@sinclair/typebox";
import { PeriodQuery } from "../model/period.js";
import { METRIC_NAMES } from "./series.js";

const Num = Type.Number();
const NumOrNull = Type.Union([Type.Number(), Type.Null()]);
const Iso = Type.String({ format: "date-time" });
const Metric = Type.Union(
  METRIC_NAMES.map((m) => Type.Literal(m)),
  { description: `One of the metric series: ${METRIC_NAMES.join(", ")}` },
);

export const ForecastQuery = Type.Composite(
  [
    Type.Object({
      metric: Metric,
      horizon: Type.String({
        maxLength: 8,
        description: "How far ahead: 1h–48h (hourly points) or 1d–7d (daily points in tz)",
      }),
    }),
    PeriodQuery,
  ],
  { additionalProperties: false },
);

export const Trend = Type.Object({
  status: Type.Union([Type.Literal("ok"), Type.Literal("insufficient_data"), Type.Literal("too_noisy")]),
  trend: Type.Union([Type.Literal("increasing"), Type.Literal("decreasing"), Type.Literal("stable"), Type.Null()]),
  slope_per_day: NumOrNull,
  slope_ci95: Type.Union([Type.Tuple([Num, Num]), Type.Null()]),
  strength: NumOrNull,
  r_squared: NumOrNull,
  data_points: Num,
  min_points: Num,
  min_r_squared: Num,
});

export const ForecastReply = Type.Object({
  metric: Type.String(),
  unit: Type.String(),
  status: Type.Union([Type.Literal("ok"), Type.Literal("insufficient_data")]),
  horizon: Type.String(),
  bucket: Type.Union([Type.Literal("hour"), Type.Literal("day")]),
  level: Num,
  method: Type.Union([Type.String(), Type.Null()]),
  parameters: Type.Union([
    Type.Object({ alpha: Num, beta: NumOrNull, gamma: NumOrNull, season_length: NumOrNull }),
    Type.Null(),
  ]),
  history: Type.Object({ from: Iso, to: Iso, points: Num, gaps_filled: Num }),
  min_points: Num,
  forecast: Type.Array(Type.Object({ timestamp: Iso, value: Num, lower: Num, upper: Num })),
  trend: Trend,
});

const Severity = Type.Union([
  Type.Literal("low"),
  Type.Literal("medium"),
  Type.Literal("high"),
  Type.Literal("critical"),
]);

export const Anomaly = Type.Object({
  timestamp: Iso,
  metric_name: Type.String(),
  actual_value: Num,
  expected_value: Num,
  deviation: Num,
  direction: Type.Union([Type.Literal("spike"), Type.Literal("drop")]),
  z_score: Num,
  score: Num,
  severity: Severity,
  description: Type.String(),
  baseline: Type.Union([Type.Literal("seasonal"), Type.Literal("recent")]),
  baseline_points: Num,
});

export const AnomalySummary = Type.Object({
  total_anomalies: Num,
  severity_distribution: Type.Object({ low: Num, medium: Num, high: Num, critical: Num }),
  metrics_affected: Type.Record(Type.String(), Num),
  most_affected_metric: Type.Union([Type.String(), Type.Null()]),
});

const AnomalyReport = Type.Object({
  period: Type.Object({ from: Iso, to: Iso }),
  threshold: Num,
  baseline_hours: Num,
  anomalies: Type.Array(Anomaly),
  summary: AnomalySummary,
  metrics: Type.Record(Type.String(), Type.Object({ points_checked: Num, points_without_baseline: Num })),
});

export const AnomaliesReply = Type.Composite([AnomalyReport, Type.Object({ previous: Type.Optional(AnomalyReport) })]);
