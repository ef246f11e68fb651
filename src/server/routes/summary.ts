import { type TSchema, Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { Anomaly, AnomalySummary, ForecastReply, Trend } from "../../insights/api-schemas.js";
import { METRIC_NAMES } from "../../insights/series.js";
import type { Summary } from "../../insights/summary.js";
import { PeriodOnlyQuery } from "../../model/period.js";
import { replies } from "../responses.js";
import type { TypeBoxTypeProvider } from "../type-provider.js";
import { KpiReply } from "./kpis.js";
import { CurrentMetricsReply } from "./real-time.js";

const Num = Type.Number();
const NumOrNull = Type.Union([Type.Number(), Type.Null()]);
const Iso = Type.String({ format: "date-time" });
const IsoOrNull = Type.Union([Iso, Type.Null()]);
/** A part of the summary: null when it failed (named in `errors`). */
const part = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const perMetric = <T extends TSchema>(schema: T) =>
  Type.Object(Object.fromEntries(METRIC_NAMES.map((m) => [m, schema])) as Record<string, T>);

const SummaryReply = Type.Object({
  period: Type.Object({ from: Iso, to: Iso, time_zone: Type.String() }),
  service_info: part(
    Type.Object({
      name: Type.String(),
      version: Type.String(),
      engine: Type.String(),
      node: Type.String(),
      started_at: Iso,
      uptime_seconds: Num,
      uptime_hours: Num,
      summary_cache_seconds: Num,
    }),
  ),
  processing_stats: part(
    Type.Object({
      events_processed: Num,
      events_by_type: Type.Record(Type.String(), Num),
      events_accepted_since_start: Num,
      events_loaded_since_start: Num,
      anomalies_detected: NumOrNull,
      predictions_generated: NumOrNull,
      last_processing_time: Iso,
    }),
  ),
  kpis: part(KpiReply),
  current_metrics: part(CurrentMetricsReply),
  recent_anomalies: part(Type.Array(Anomaly)),
  anomaly_summary: part(AnomalySummary),
  forecasts: part(perMetric(Type.Omit(ForecastReply, ["trend"]))),
  trends: part(perMetric(Trend)),
  data_warehouse_stats: part(
    Type.Object({
      total_events: Num,
      active_sessions: Num,
      system_metrics_count: Num,
      cognitive_metrics_count: Num,
      oldest_event: IsoOrNull,
      newest_event: IsoOrNull,
    }),
  ),
  previous: Type.Union([
    Type.Object({
      period: Type.Object({ from: Iso, to: Iso }),
      events_processed: NumOrNull,
      anomaly_summary: part(AnomalySummary),
    }),
    Type.Null(),
  ]),
  partial: Type.Boolean(),
  errors: Type.Array(Type.Object({ part: Type.String(), message: Type.String() })),
});

/** The first version's summary (read scope): 200 even when a part failed (`partial: true`). */
export function registerSummaryRoutes(instance: FastifyInstance, summary: Summary): void {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    "/api/analytics/summary",
    {
      config: { scope: "read" },
      schema: {
        tags: ["insights"],
        summary: "Service info, processing figures, KPIs, current metrics, anomalies, forecasts, trends, store figures",
        description:
          "Over the period (default the last 24 hours). Parts run concurrently; a part that fails is null and named " +
          "in `errors`, with `partial: true`. Answers are reused for the same query for summaryCacheSeconds.",
        querystring: PeriodOnlyQuery,
        response: replies({ 200: SummaryReply }),
      },
    },
    async (request) => summary.report(request.query),
  );
}
