import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { type AiUsage, AiUsageQuery } from "../../insights/cost.js";
import { resolvePeriod } from "../../model/period.js";
import { replies } from "../responses.js";
import type { TypeBoxTypeProvider } from "../type-provider.js";

const num = Type.Number();
const numOrNull = Type.Union([Type.Number(), Type.Null()]);
const text = Type.String();
const span = Type.Object({ from: text, to: text });

const Figures = {
  runs: num,
  success_rate: numOrNull,
  input_tokens: num,
  output_tokens: num,
  latency_p50_ms: numOrNull,
  latency_p95_ms: numOrNull,
  cost: numOrNull,
  priced_runs: num,
  self_priced_runs: num,
  unpriced_runs: num,
  coverage: numOrNull,
};

const AiUsageReply = Type.Object({
  period: Type.Object({ from: text, to: text, time_zone: text }),
  by: text,
  currency: text,
  groups: Type.Array(Type.Object({ key: Type.Union([text, Type.Null()]), ...Figures })),
  totals: Type.Object(Figures),
  previous: Type.Union([Type.Object({ period: span, totals: Type.Object(Figures) }), Type.Null()]),
  cost_change: Type.Union([
    Type.Object({
      previous: num,
      current: num,
      total: num,
      volume: num,
      model_mix: num,
      tokens_per_run: num,
      price: num,
      method: text,
    }),
    Type.Null(),
  ]),
  budget: Type.Union([
    Type.Object({
      monthly_budget: num,
      month_start: text,
      month_end: text,
      month_to_date: num,
      coverage: numOrNull,
      daily_rate: num,
      forecast_month_end: num,
      remaining: num,
      exhausted: Type.Boolean(),
      exhaustion_date: Type.Union([text, Type.Null()]),
    }),
    Type.Null(),
  ]),
});

export function registerAiUsageRoutes(instance: FastifyInstance, usage: AiUsage): void {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    "/api/analytics/ai-usage",
    {
      config: { scope: "read" },
      schema: {
        tags: ["ai-cost"],
        summary: "AI usage and cost by model, membrane, user or day",
        description:
          "Runs, success rate, tokens, latency p50/p95 and cost priced at query time, with unpriced runs and coverage; compare=previous splits the cost change into volume, model mix, tokens per run and price.",
        querystring: AiUsageQuery,
        response: replies({ 200: AiUsageReply }),
      },
    },
    async (request) => {
      const q = request.query;
      return usage.report(resolvePeriod(q, Date.now()), q.by);
    },
  );
}
