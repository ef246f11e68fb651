import type { FastifyInstance, FastifyReply } from "fastify";
import type { HealthMonitor, PublicHealth } from "../../ingest/health.js";

const statusOf = (h: PublicHealth) => (h.overall_health === "healthy" ? 200 : 503);

/**
 * Public: liveness, and readiness as a verdict without figures or error texts (`/health` keeps the
 * first version's path). The details — components, their errors, figures — need a `read` key.
 */
export function registerHealthRoutes(app: FastifyInstance, health: HealthMonitor): void {
  const ready = async (_request: unknown, reply: FastifyReply) => {
    const h = await health.public();
    return reply.code(statusOf(h)).send(h);
  };
  const readiness =
    "200 while the durable log takes writes now and the store answers; 503 otherwise (`degraded`: the store is unreachable, events are still accepted into the log; `unhealthy`: the log cannot be written, e.g. a full disk). Public: the verdict only.";

  app.get(
    "/api/analytics/health",
    { schema: { tags: ["service"], summary: "Service health", description: readiness } },
    ready,
  );
  app.get(
    "/api/analytics/health/ready",
    { schema: { tags: ["service"], summary: "Readiness", description: readiness } },
    ready,
  );
  app.get(
    "/api/analytics/health/live",
    {
      schema: {
        tags: ["service"],
        summary: "Liveness",
        description: "200 while the process answers, whatever its store and disk say: restart it only when this fails.",
      },
    },
    async () => ({ status: "live" }),
  );
  app.get(
    "/api/analytics/health/details",
    {
      config: { scope: "read" },
      schema: {
        tags: ["service"],
        summary: "Detailed health",
        description:
          "Components with their internal error texts, and figures (uptime, active sessions, events stored and accepted). Same status codes as /health. Needs a `read` key. Store figures are at most 10 s old.",
      },
    },
    async (_request, reply) => {
      const h = await health.details();
      return reply.code(statusOf(h)).send(h);
    },
  );
}
