import type { FastifyRequest } from "fastify";
import type { KeyRing } from "../auth/keys.js";
import type { Scope } from "../store/port.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The scope a route needs; routes without one are public. */
    scope?: Scope;
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1];
}

/** An onRequest hook: checks the key before the body is even read, so unauthorised uploads cost nothing. */
export function requireScopes(keys: KeyRing) {
  return async (request: FastifyRequest): Promise<void> => {
    const scope = request.routeOptions.config.scope;
    if (scope) await keys.authorize(bearer(request), scope);
  };
}
