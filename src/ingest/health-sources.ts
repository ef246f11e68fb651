import type { Config } from "../config/config.js";
import { runOne } from "../store/port/query-runner.js";
import type { Store } from "../store/port.js";
import { sessionCount } from "../store/queries/session-count.js";
import { storeStats } from "../store/queries/store-stats.js";
import { probeWritable } from "../util/disk-probe.js";
import type { HealthSources } from "./health.js";
import { logDirectory, type Pipeline } from "./pipeline.js";

/** What health asks of a running node: its pipeline, its store and the disk under its durable log. */
export function healthSources(
  pipeline: Pipeline,
  store: Store,
  config: Pick<Config, "dataDirectory" | "sessionTimeoutMinutes">,
): HealthSources {
  const timeoutMs = config.sessionTimeoutMinutes * 60_000;
  const dir = logDirectory(config);
  return {
    pipeline,
    engine: store.engine,
    // The smallest read every engine has: a handful of key rows, which the key ring reads every few seconds anyway.
    pingStore: () => store.listApiKeys(),
    probeLog: () => probeWritable(dir),
    storeStats: async () =>
      (await runOne(store, storeStats())) ?? { total_events: 0, oldest_event: null, newest_event: null },
    activeSessions: async () => {
      const now = Date.now();
      const q = { status: "active" as const, activeSince: now - timeoutMs, now, timeoutMs };
      return (await runOne(store, sessionCount(q)))?.sessions ?? 0;
    },
  };
}
