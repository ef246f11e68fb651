import { type Static, Type } from "@sinclair/typebox";
import type { StoreStats } from "../store/queries/store-stats.js";
import { Cached } from "../util/cached.js";
import type { Pipeline } from "./pipeline.js";

export const OverallHealth = Type.Union([Type.Literal("healthy"), Type.Literal("degraded"), Type.Literal("unhealthy")]);
export type OverallHealth = Static<typeof OverallHealth>;

/** What anyone may see: the verdict and when it was reached, no figures, no internal error texts. */
export const PublicHealth = Type.Object({ overall_health: OverallHealth, last_updated: Type.String() });
export type PublicHealth = Static<typeof PublicHealth>;

/** The detailed health, for `read` keys. */
export const Health = Type.Object({
  overall_health: OverallHealth,
  components: Type.Object({
    store: Type.Object({
      status: Type.Union([Type.Literal("up"), Type.Literal("down")]),
      engine: Type.String(),
      error: Type.Optional(Type.String()),
    }),
    durable_log: Type.Object({
      status: Type.Union([Type.Literal("writable"), Type.Literal("failing")]),
      error: Type.Optional(Type.String()),
    }),
    loader: Type.Object({
      status: Type.Union([Type.Literal("loading"), Type.Literal("waiting_for_store")]),
      backlog_bytes: Type.Integer(),
    }),
    alerts: Type.Object(
      {
        state: Type.Union([
          Type.Literal("normal"),
          Type.Literal("warning"),
          Type.Literal("critical"),
          Type.Literal("unknown"),
        ]),
        firing: Type.Union([Type.Integer(), Type.Null()]),
      },
      {
        description:
          "critical while a critical alert fires, warning while any other fires, normal when none does; unknown (firing null) while the store does not answer",
      },
    ),
  }),
  metrics: Type.Object({
    uptime_hours: Type.Number(),
    uptime_seconds: Type.Integer(),
    active_sessions: Type.Union([Type.Integer(), Type.Null()], {
      description: "Sessions with an event within the session timeout and no end; null while the store does not answer",
    }),
    events_stored: Type.Union([Type.Integer(), Type.Null()]),
    newest_event: Type.Union([Type.String(), Type.Null()]),
    events_accepted_since_start: Type.Integer(),
    events_rejected_since_start: Type.Integer(),
    events_loaded_since_start: Type.Integer(),
    dead_letters: Type.Integer({
      description: "Events the store refused, kept in <data>/dead-letters (dte-analytics dead-letters)",
    }),
  }),
  last_updated: Type.String(),
});
export type Health = Static<typeof Health>;

/** Where health looks. Functions, so each engine (and each test) supplies its own. */
export interface HealthSources {
  pipeline: Pick<Pipeline, "status" | "startedAt">;
  engine: string;
  /** Resolves once the store answers its cheapest query. */
  pingStore(): Promise<unknown>;
  /** Resolves once the durable log's directory takes a synchronous write now. */
  probeLog(): Promise<void>;
  /** Store-wide figures: they may scan, so they are fetched at most once per FIGURES_TTL_MS. */
  storeStats(): Promise<StoreStats>;
  activeSessions(): Promise<number>;
  /** The alerts firing now and the state they put health in (src/alerts/alerts.ts). */
  alerts(): Promise<{ state: "normal" | "warning" | "critical"; firing: number }>;
  now?(): number;
}

/** Readiness is asked often (load balancers, the public endpoint): the disk and the store are asked at most once a second. */
export const CHECKS_TTL_MS = 1000;
export const FIGURES_TTL_MS = 10_000;
const TIMEOUT_MS = 2000;

interface Checks {
  at: number;
  storeError: string | null;
  probeError: string | null;
}

interface Figures {
  stats: StoreStats | null;
  activeSessions: number | null;
  alerts: { state: "normal" | "warning" | "critical"; firing: number } | null;
}

/**
 * Health from what is true now, never from history. The log is writable when a probe write to its
 * disk succeeds now and no log write failed since the last good probe: so a node restarted on a
 * still-full disk is not healthy before its first refused write, and a node whose disk was freed
 * becomes healthy again without waiting for traffic. Unhealthy when the log cannot take writes
 * (nothing can be acknowledged); degraded when the store is down (ingestion goes on into the log).
 */
export class HealthMonitor {
  private readonly now: () => number;
  private readonly checks: Cached<Checks>;
  private readonly figures: Cached<Figures>;
  /** The log's write error as it was when a probe last succeeded: that failure is over. */
  private errorAtGoodProbe: Error | null = null;

  constructor(private readonly sources: HealthSources) {
    this.now = sources.now ?? Date.now;
    this.checks = new Cached(CHECKS_TTL_MS, () => this.check(), this.now);
    this.figures = new Cached(FIGURES_TTL_MS, () => this.measure(), this.now);
  }

  async public(): Promise<PublicHealth> {
    const { overall_health, last_updated } = this.assess(await this.checks.get());
    return { overall_health, last_updated };
  }

  async details(): Promise<Health> {
    const [checks, figures] = await Promise.all([this.checks.get(), this.figures.get()]);
    const { overall_health, last_updated, logError } = this.assess(checks);
    const st = this.sources.pipeline.status();
    const uptimeMs = this.now() - this.sources.pipeline.startedAt;
    const { stats } = figures;
    return {
      overall_health,
      components: {
        store: {
          status: checks.storeError === null ? "up" : "down",
          engine: this.sources.engine,
          ...(checks.storeError === null ? {} : { error: checks.storeError }),
        },
        durable_log: {
          status: logError === null ? "writable" : "failing",
          ...(logError === null ? {} : { error: logError }),
        },
        loader: { status: st.storeError ? "waiting_for_store" : "loading", backlog_bytes: st.backlogBytes },
        alerts: figures.alerts ?? { state: "unknown", firing: null },
      },
      metrics: {
        uptime_hours: Math.round(uptimeMs / 36_000) / 100,
        uptime_seconds: Math.round(uptimeMs / 1000),
        active_sessions: figures.activeSessions,
        events_stored: stats?.total_events ?? null,
        newest_event: stats?.newest_event != null ? new Date(stats.newest_event).toISOString() : null,
        events_accepted_since_start: st.accepted,
        events_rejected_since_start: st.rejected,
        events_loaded_since_start: st.loaded,
        dead_letters: st.deadLetters,
      },
      last_updated,
    };
  }

  /** The verdict: the cached checks plus the log's own last write, which is known at no cost. */
  private assess(checks: Checks): PublicHealth & { logError: string | null } {
    const written = this.sources.pipeline.status().logError;
    const logError =
      checks.probeError ?? (written !== null && written !== this.errorAtGoodProbe ? written.message : null);
    return {
      overall_health: logError !== null ? "unhealthy" : checks.storeError === null ? "healthy" : "degraded",
      last_updated: new Date(checks.at).toISOString(),
      logError,
    };
  }

  private async check(): Promise<Checks> {
    const at = this.now();
    // Taken before probing: a write that fails while the probe runs is not cleared by it.
    const written = this.sources.pipeline.status().logError;
    const [storeError, probeError] = await Promise.all([
      failureOf(this.sources.pingStore()),
      failureOf(this.sources.probeLog()),
    ]);
    if (probeError === null) this.errorAtGoodProbe = written;
    return { at, storeError, probeError };
  }

  private async measure(): Promise<Figures> {
    const [stats, activeSessions, alerts] = await Promise.all([
      valueOrNull(this.sources.storeStats()),
      valueOrNull(this.sources.activeSessions()),
      valueOrNull(this.sources.alerts()),
    ]);
    return { stats, activeSessions, alerts };
  }
}

/** The error text of a check that fails or does not answer in time; null when it succeeds. */
function failureOf(p: Promise<unknown>): Promise<string | null> {
  return withTimeout(p).then(
    () => null,
    (err: Error) => err.message,
  );
}

function valueOrNull<T>(p: Promise<T>): Promise<T | null> {
  return withTimeout(p).catch(() => null);
}

function withTimeout<T>(p: Promise<T>): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise<never>((_, reject) => {
      t = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    }),
  ]);
}
