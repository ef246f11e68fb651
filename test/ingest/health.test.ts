import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CHECKS_TTL_MS, FIGURES_TTL_MS, HealthMonitor, type HealthSources } from "../../src/ingest/health.js";
import type { Pipeline } from "../../src/ingest/pipeline.js";
import type { StoreStats } from "../../src/store/queries/store-stats.js";

const T0 = Date.parse("2026-02-01T10:00:00.000Z");
const STATS: StoreStats = { total_events: 10, oldest_event: T0 - 60_000, newest_event: T0 };
const enospc = () => Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });

type Status = ReturnType<Pipeline["status"]>;

/** A monitor over sources the test controls, with a clock it moves, counting how often each source is asked. */
function monitor(over: Partial<HealthSources> = {}, status: Partial<Status> = {}) {
  const clock = { now: T0 };
  const st: Status = {
    accepted: 12,
    rejected: 3,
    loaded: 10,
    deadLetters: 2,
    backlogBytes: 2048,
    logError: null,
    storeError: null,
    ...status,
  };
  const calls = { ping: 0, probe: 0, stats: 0, sessions: 0 };
  const h = new HealthMonitor({
    pipeline: { status: () => st, startedAt: T0 - 5_400_000 },
    engine: "duckdb",
    pingStore: async () => void calls.ping++,
    probeLog: async () => void calls.probe++,
    storeStats: async () => {
      calls.stats++;
      return STATS;
    },
    activeSessions: async () => {
      calls.sessions++;
      return 4;
    },
    alerts: async () => ({ state: "warning", firing: 2 }),
    now: () => clock.now,
    ...over,
  });
  return { h, st, clock, calls };
}

describe("HealthMonitor", () => {
  test("healthy: the public answer is the verdict alone; the details hold components and figures", async () => {
    const { h } = monitor();
    assert.deepEqual(await h.public(), { overall_health: "healthy", last_updated: "2026-02-01T10:00:00.000Z" });
    assert.deepEqual(await h.details(), {
      overall_health: "healthy",
      components: {
        store: { status: "up", engine: "duckdb" },
        durable_log: { status: "writable" },
        loader: { status: "loading", backlog_bytes: 2048 },
        alerts: { state: "warning", firing: 2 },
      },
      metrics: {
        uptime_hours: 1.5,
        uptime_seconds: 5400,
        active_sessions: 4,
        events_stored: 10,
        newest_event: "2026-02-01T10:00:00.000Z",
        events_accepted_since_start: 12,
        events_rejected_since_start: 3,
        events_loaded_since_start: 10,
        dead_letters: 2,
      },
      last_updated: "2026-02-01T10:00:00.000Z",
    });
  });

  test("degraded: the store is down; its error shows in the details only; figures unknown", async () => {
    const refused = async () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:8123"));
    const { h } = monitor(
      { pingStore: refused, storeStats: refused, activeSessions: refused, alerts: refused },
      { storeError: new Error("connect ECONNREFUSED 127.0.0.1:8123") },
    );
    assert.deepEqual(await h.public(), { overall_health: "degraded", last_updated: "2026-02-01T10:00:00.000Z" });
    const d = await h.details();
    assert.deepEqual(d.components, {
      store: { status: "down", engine: "duckdb", error: "connect ECONNREFUSED 127.0.0.1:8123" },
      durable_log: { status: "writable" },
      loader: { status: "waiting_for_store", backlog_bytes: 2048 },
      alerts: { state: "unknown", firing: null },
    });
    assert.equal(d.metrics.events_stored, null);
    assert.equal(d.metrics.newest_event, null);
    assert.equal(d.metrics.active_sessions, null);
  });

  test("restarted on a still-full disk, before any write: unhealthy, not healthy", async () => {
    // No log write has failed since the restart (logError is null): only the probe tells.
    const { h } = monitor({ probeLog: async () => Promise.reject(enospc()) });
    assert.deepEqual(await h.public(), { overall_health: "unhealthy", last_updated: "2026-02-01T10:00:00.000Z" });
    assert.deepEqual((await h.details()).components.durable_log, {
      status: "failing",
      error: "ENOSPC: no space left on device, write",
    });
  });

  test("a refused log write makes it unhealthy at once; a good probe after it clears it, without waiting for traffic", async () => {
    const { h, st, clock } = monitor();
    assert.equal((await h.public()).overall_health, "healthy");
    st.logError = enospc();
    assert.equal((await h.public()).overall_health, "unhealthy", "seen within the probe's cache time");
    clock.now += CHECKS_TTL_MS;
    assert.equal((await h.public()).overall_health, "healthy", "the disk takes writes again");
    st.logError = enospc();
    assert.equal((await h.public()).overall_health, "unhealthy", "a newer failure counts again");
  });

  test("a failed write while the disk still fails the probe stays unhealthy", async () => {
    const { h, clock } = monitor({ probeLog: async () => Promise.reject(enospc()) }, { logError: enospc() });
    assert.equal((await h.public()).overall_health, "unhealthy");
    clock.now += CHECKS_TTL_MS;
    assert.equal((await h.public()).overall_health, "unhealthy");
  });

  test("the store and the disk are asked at most once per second; store figures at most every 10 s", async () => {
    const { h, clock, calls } = monitor();
    await Promise.all([h.public(), h.public(), h.details()]);
    await h.details();
    assert.deepEqual(calls, { ping: 1, probe: 1, stats: 1, sessions: 1 });
    clock.now += CHECKS_TTL_MS;
    await h.details();
    assert.deepEqual(calls, { ping: 2, probe: 2, stats: 1, sessions: 1 });
    clock.now += FIGURES_TTL_MS;
    const d = await h.details();
    assert.deepEqual(calls, { ping: 3, probe: 3, stats: 2, sessions: 2 });
    assert.equal(d.last_updated, new Date(T0 + CHECKS_TTL_MS + FIGURES_TTL_MS).toISOString());
  });

  test("an empty store has no newest event", async () => {
    const { h } = monitor({ storeStats: async () => ({ total_events: 0, oldest_event: null, newest_event: null }) });
    const d = await h.details();
    assert.equal(d.overall_health, "healthy");
    assert.equal(d.metrics.events_stored, 0);
    assert.equal(d.metrics.newest_event, null);
  });
});
