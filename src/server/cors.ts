import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { KeyRing, Principal } from "../auth/keys.js";
import { ForbiddenError } from "../errors.js";
import { routePattern } from "./route-pattern.js";

/** How long a browser may reuse a preflight answer (seconds): a revoked key's origin stops being offered soon. */
const PREFLIGHT_MAX_AGE_S = 600;

/**
 * CORS for keys limited to browser origins. A small hook rather than @fastify/cors: the origin rule
 * depends on the API key, which a preflight never carries and the actual request carries only in
 * Authorization, checked by our own auth hook; @fastify/cors decides before that, from the origin alone.
 *
 * - Preflight (OPTIONS on an ingest route): allowed when some usable key lists the origin.
 * - Actual request: a key with origins refuses any other Origin (403) and answers its own with
 *   Access-Control-Allow-Origin. A key without origins never gets CORS headers, so browsers cannot
 *   read its answers, as before.
 *
 * Call before the routes are registered: it learns the ingest routes as they are added.
 */
export function registerCors(app: FastifyInstance, keys: KeyRing): void {
  const ingest: Array<{ pattern: RegExp; methods: string[] }> = [];
  app.addHook("onRoute", (r) => {
    if (r.config?.scope === "ingest") ingest.push({ pattern: routePattern(r.url), methods: [r.method].flat() });
  });

  app.options(
    "/api/analytics/*",
    {
      schema: {
        tags: ["tracking"],
        summary: "CORS preflight",
        description: "Allows a browser origin listed by some API key to call the ingest routes.",
      },
    },
    async (request, reply) => {
      const origin = request.headers.origin;
      const path = request.url.split("?")[0] ?? "";
      const route = ingest.find((r) => r.pattern.test(path));
      reply.header("vary", "Origin");
      if (origin && route && (await keys.allowedOrigins()).has(origin)) {
        reply
          .header("access-control-allow-origin", origin)
          .header("access-control-allow-methods", route.methods.join(", "))
          .header("access-control-allow-headers", "Authorization, Content-Type")
          .header("access-control-max-age", String(PREFLIGHT_MAX_AGE_S));
      }
      return reply.code(204).send();
    },
  );
}

/** The actual request: a key limited to origins is refused from any other; its own origin may read the answer. */
export function checkOrigin(request: FastifyRequest, reply: FastifyReply, principal: Principal): void {
  const origin = request.headers.origin;
  if (!origin || !principal.origins.length) return;
  if (!principal.origins.includes(origin)) throw new ForbiddenError("This API key may not be used from this origin");
  reply
    .header("access-control-allow-origin", origin)
    .header("access-control-expose-headers", "Retry-After")
    .header("vary", "Origin");
}
