import { runOne } from "../store/port/query-runner.js";
import type { Store } from "../store/port.js";
import { type StoreStats, storeStats } from "../store/queries/store-stats.js";
import type { Pipeline } from "./pipeline.js";

export type OverallHealth = "healthy" | "degraded" | "unhealthy";

export interface Health {
  overall_health: OverallHealth;
  components: {
    store: { status: "up" | "down"; engine: string; error?: string };
    durable_log: { status: "writable" | "failing"; error?: string };
    loader: { status: "loading" | "waiting_for_store"; backlog_bytes: number };
  };
  metrics: {
    events_stored: number | null;
    events_accepted_since_start: number;
    events_rejected_since_start: number;
    events_loaded_since_start: number;
    newest_event: string | null;
    uptime_seconds: number;
  };
  last_updated: string;
}

const PING_TIMEOUT_MS = 2000;

/**
 * Health from what is true now, never from history: the store answers its stats query, the last log write
 * worked, the loader is not stuck. Unhealthy when the log cannot take writes (nothing can be
 * acknowledged); degraded when the store is down (ingestion goes on into the log).
 */
export async function getHealth(pipeline: Pipeline, store: Store): Promise<Health> {
  const st = pipeline.status();
  let storeError: string | undefined;
  let stats: StoreStats | null = null;
  try {
    stats = await withTimeout(runOne(store, storeStats()), PING_TIMEOUT_MS);
  } catch (err) {
    storeError = (err as Error).message;
  }
  const storeUp = storeError === undefined;
  const logOk = st.logError === null;
  return {
    overall_health: !logOk ? "unhealthy" : storeUp ? "healthy" : "degraded",
    components: {
      store: { status: storeUp ? "up" : "down", engine: store.engine, ...(storeError ? { error: storeError } : {}) },
      durable_log: { status: logOk ? "writable" : "failing", ...(st.logError ? { error: st.logError.message } : {}) },
      loader: { status: st.storeError ? "waiting_for_store" : "loading", backlog_bytes: st.backlogBytes },
    },
    metrics: {
      events_stored: stats?.total_events ?? null,
      events_accepted_since_start: st.accepted,
      events_rejected_since_start: st.rejected,
      events_loaded_since_start: st.loaded,
      newest_event: stats?.newest_event != null ? new Date(stats.newest_event).toISOString() : null,
      uptime_seconds: Math.round((Date.now() - pipeline.startedAt) / 1000),
    },
    last_updated: new Date().toISOString(),
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise<never>((_, reject) => {
      t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]);
}
