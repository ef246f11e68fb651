import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply } from "fastify";
import { Health, type HealthMonitor, PublicHealth } from "../../ingest/health.js";
import { replies } from "../responses.js";
import type { TypeBoxTypeProvider } from "../type-provider.js";

const statusOf = (h: PublicHealth) => (h.overall_health === "healthy" ? 200 : 503);

const READINESS =
  "200 while the durable log takes writes now and the store answers; 503 otherwise (`degraded`: the store is unreachable, events are still accepted into the log; `unhealthy`: the log cannot be written, e.g. a full disk). Public: the verdict only.";

/**
 * Public: liveness, and readiness as a verdict without figures or error texts (`/health` keeps the
 * first version's path). The details — components, their errors, figures — need a `read` key.
 */
export function registerHealthRoutes(
  instance: FastifyInstance,
  health: Pick<HealthMonitor, "public" | "details">,
): void {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const ready = async (_request: unknown, reply: FastifyReply) => {
    const h = await health.public();
    return reply.code(statusOf(h)).send(h);
  };
  const verdict = replies({ 200: PublicHealth, 503: PublicHealth });
  for (const [path, summary] of [
    ["/api/analytics/health", "Service health"],
    ["/api/analytics/health/ready", "Readiness"],
  ] as const) {
    app.get(path, { schema: { tags: ["service"], summary, description: READINESS, response: verdict } }, ready);
  }
  app.get(
    "/api/analytics/health/live",
    {
      schema: {
        tags: ["service"],
        summary: "Liveness",
        description: "200 while the process answers, whatever its store and disk say: restart it only when this fails.",
        response: replies({ 200: Type.Object({ status: Type.Literal("live") }) }),
      },
    },
    async () => ({ status: "live" as const }),
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
        response: replies({ 200: Health, 503: Health }),
      },
    },
    async (_request, reply) => {
      // Not read-your-writes: health answers at once from the store as it is, whatever the loader's lag.
      const h = await health.details();
      return reply.code(statusOf(h)).send(h);
    },
  );
}
