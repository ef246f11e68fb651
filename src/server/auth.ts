import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Actor } from "../audit/audited.js";
import type { DeniedAttempts } from "../audit/denied-attempts.js";
import type { KeyRing, Principal } from "../auth/keys.js";
import { ForbiddenError, UnauthorizedError } from "../errors.js";
import type { Scope } from "../store/port.js";
import { checkOrigin } from "./cors.js";
import type { RequestLimits } from "./rate-limit.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The scope a route needs; routes without one are public. */
    scope?: Scope;
  }
  interface FastifyRequest {
    /** Who presented the key, once authorised; null on public routes. */
    principal: Principal | null;
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1];
}

/**
 * An onRequest hook: checks the key before the body is even read, so unauthorised uploads cost
 * nothing. In order: the IP's failed-authentication limit, the key and its scope, the key's
 * origins, the key's rate limit. A refused request on an admin route goes to the audit trail
 * (bounded per address: see DeniedAttempts).
 */
export function requireScopes(app: FastifyInstance, keys: KeyRing, limits: RequestLimits, denied?: DeniedAttempts) {
  app.decorateRequest("principal", null);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const scope = request.routeOptions.config.scope;
    if (!scope) return;
    await limits.beforeAuth(request);
    let principal: Principal;
    try {
      principal = await keys.authorize(bearer(request), scope);
    } catch (err) {
      if (err instanceof UnauthorizedError) await limits.authFailed(request);
      if (denied && scope === "admin" && (err instanceof UnauthorizedError || err instanceof ForbiddenError)) {
        const attempt = {
          ip: request.ip,
          status: err.status,
          route: `${request.method} ${request.routeOptions.url}`,
          keyId: err instanceof ForbiddenError ? err.keyId : null,
        };
        // The refusal stands even when the audit trail cannot be written.
        await denied
          .note(attempt)
          .catch((e: unknown) => request.log.error({ err: e }, "audit of a denied attempt failed"));
      }
      throw err;
    }
    request.principal = principal;
    checkOrigin(request, reply, principal);
    await limits.perKey(request, principal);
  };
}

/** Who made an authorised request, for the audit trail: the key's id and the client's address. */
export function actorOf(request: FastifyRequest): Actor {
  return { actor: request.principal?.id ?? "unknown", ip: request.ip };
}
