import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { KpiQuery, type Kpis } from "../../insights/kpis.js";
import { resolvePeriod } from "../../model/period.js";
import { replies } from "../responses.js";
import type { TypeBoxTypeProvider } from "../type-provider.js";

const numOrNull = Type.Union([Type.Number(), Type.Null()]);
const span = Type.Object({ from: Type.String(), to: Type.String() });

const Kpi = Type.Object({
  score: numOrNull,
  weight: Type.Number(),
  components: Type.Array(
    Type.Object({ name: Type.String(), value: numOrNull, target: numOrNull, score: numOrNull, weight: Type.Number() }),
  ),
});

export const KpiReply = Type.Object({
  period: span,
  overall: numOrNull,
  user_engagement: Kpi,
  system_health: Kpi,
  cognitive_performance: Kpi,
  previous: Type.Union([
    Type.Object({ period: span, overall: numOrNull, kpis: Type.Record(Type.String(), numOrNull) }),
    Type.Null(),
  ]),
});

export function registerKpiRoutes(instance: FastifyInstance, kpis: Kpis): void {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    "/api/analytics/kpis",
    {
      config: { scope: "read" },
      schema: {
        tags: ["kpis"],
        summary: "User engagement, system health and cognitive performance, 0–100, with their components",
        querystring: KpiQuery,
        response: replies({ 200: KpiReply }),
      },
    },
    async (request) => {
      const q = request.query;
      return kpis.report(resolvePeriod(q, Date.now()), q);
    },
  );
}
