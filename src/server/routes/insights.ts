import type { FastifyInstance } from "fastify";
import { AnomaliesReply, ForecastQuery, ForecastReply } from "../../insights/api-schemas.js";
import { FORECAST_DEFAULT_HOURS } from "../../insights/forecast.js";
import type { Insights } from "../../insights/insights.js";
import { PeriodOnlyQuery, resolvePeriod } from "../../model/period.js";
import { replies } from "../responses.js";
import type { TypeBoxTypeProvider } from "../type-provider.js";

/** Forecasts and anomalies over the metric series catalogue (read scope). */
export function registerInsightRoutes(instance: FastifyInstance, insights: Insights): void {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    "/api/analytics/forecast",
    {
      config: { scope: "read" },
      schema: {
        tags: ["insights"],
        summary: "Forecast a metric with a 95 % band",
        description:
          "Learns from the whole buckets of the period (default: the last 14 days) and forecasts `horizon` ahead. " +
          "Fewer than 10 buckets answer status insufficient_data.",
        querystring: ForecastQuery,
        response: replies({ 200: ForecastReply }),
      },
    },
    async (request) => {
      const q = request.query;
      return insights.forecast(q.metric, q.horizon, resolvePeriod(q, Date.now(), FORECAST_DEFAULT_HOURS));
    },
  );

  app.get(
    "/api/analytics/anomalies",
    {
      config: { scope: "read" },
      schema: {
        tags: ["insights"],
        summary: "Anomalies of every metric series over a period",
        description:
          "Each whole hour of the period (default the last 24 hours) is judged against the baseline hours before it.",
        querystring: PeriodOnlyQuery,
        response: replies({ 200: AnomaliesReply }),
      },
    },
    async (request) => {
      return insights.anomalies(resolvePeriod(request.query, Date.now()));
    },
  );
}
