import type { FastifyInstance } from "fastify";
import { getHealth } from "../../ingest/health.js";
import type { Pipeline } from "../../ingest/pipeline.js";
import type { Store } from "../../store/port.js";

export function registerHealthRoutes(app: FastifyInstance, deps: { pipeline: Pipeline; store: Store }): void {
  app.get(
    "/api/analytics/health",
    {
      schema: {
        tags: ["service"],
        summary: "Service health",
        description:
          "200 while every component works; 503 while the store is unreachable (events are still accepted into the durable log) or the log cannot be written.",
      },
    },
    async (_request, reply) => {
      const health = await getHealth(deps.pipeline, deps.store);
      return reply.code(health.overall_health === "healthy" ? 200 : 503).send(health);
    },
  );
}
