import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { KeyRing, Principal } from "../auth/keys.js";
import { UnauthorizedError } from "../errors.js";
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
 * origins, the key's rate limit.
 */
export function requireScopes(app: FastifyInstance, keys: KeyRing, limits: RequestLimits) {
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
      throw err;
    }
    request.principal = principal;
    checkOrigin(request, reply, principal);
    await limits.perKey(request, principal);
  };
}
