import rateLimit, { type CreateRateLimitOptions } from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Principal } from "../auth/keys.js";
import { RateLimitedError } from "../errors.js";

/** Most keys or IPs each limiter remembers (an LRU): memory stays bounded however many clients flood. */
export const LIMITER_ENTRIES = 10_000;
const MINUTE_MS = 60_000;

export interface RequestLimits {
  /** Refuses (429) a client IP that has failed authentication too often this minute, before its key is looked at. */
  beforeAuth(request: FastifyRequest): Promise<void>;
  /** Counts one failed authentication of the client IP. */
  authFailed(request: FastifyRequest): Promise<void>;
  /** Counts one request of the key and refuses (429) it beyond the per-key limit. */
  perKey(request: FastifyRequest, principal: Principal): Promise<void>;
}

export interface LimitSettings {
  rateLimitPerMinute: number;
  authFailureLimitPerMinute: number;
}

type Limiter = ReturnType<FastifyInstance["createRateLimit"]>;

/**
 * Per-key and failed-authentication limits through @fastify/rate-limit's in-memory LRU store (per
 * node). Its checkers are called from our auth hook rather than as the plugin's global hook,
 * because the key is known only once authorised, and only failures count against an IP. 0 turns
 * a limit off.
 */
export async function registerRateLimits(app: FastifyInstance, settings: LimitSettings): Promise<RequestLimits> {
  await app.register(rateLimit, { global: false, cache: LIMITER_ENTRIES });
  const limiter = (max: number, keyGenerator: (r: FastifyRequest) => string): Limiter | null => {
    if (max === 0) return null;
    const options: CreateRateLimitOptions & { cache: number } = {
      max,
      timeWindow: MINUTE_MS,
      keyGenerator,
      cache: LIMITER_ENTRIES,
    };
    return app.createRateLimit(options);
  };
  const failures = limiter(settings.authFailureLimitPerMinute, (r) => r.ip);
  const perKey = limiter(settings.rateLimitPerMinute, (r) => r.principal?.id ?? "");

  return {
    async beforeAuth(request) {
      const state = await failures?.(request, { increment: false });
      if (state && !state.isAllowed && state.remaining === 0) {
        throw new RateLimitedError(
          `Too many failed authentications from this address (at most ${state.max} a minute); retry later`,
          Math.max(1, state.ttlInSeconds),
        );
      }
    },
    async authFailed(request) {
      await failures?.(request);
    },
    async perKey(request, principal) {
      const state = await perKey?.(request);
      if (state && !state.isAllowed && state.isExceeded) {
        throw new RateLimitedError(
          `Rate limit of ${state.max} requests a minute exceeded for API key '${principal.name}'`,
          Math.max(1, state.ttlInSeconds),
        );
      }
    },
  };
}
