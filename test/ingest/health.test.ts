import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { getHealth } from "../../src/ingest/health.js";
import type { Pipeline } from "../../src/ingest/pipeline.js";
import type { Store } from "../../src/store/port.js";
import type { StoreStats } from "../../src/store/queries/store-stats.js";

const T0 = Date.parse("2026-02-01T10:00:00.000Z");

function pipeline(status: Partial<ReturnType<Pipeline["status"]>> = {}): Pipeline {
  const full = {
    accepted: 12,
    rejected: 3,
    loaded: 10,
    backlogBytes: 2048,
    logError: null,
    storeError: null,
    ...status,
  };
  return { status: () => full, startedAt: Date.now() - 90_000 } as unknown as Pipeline;
}

function store(stats: () => Promise<StoreStats>): Store {
  return { engine: "duckdb", run: async () => [await stats()] } as unknown as Store;
}

const up = store(async () => ({ total_events: 10, oldest_event: T0 - 60_000, newest_event: T0 }));
const down = store(async () => Promise.reject(new Error("connection refused")));

describe("getHealth", () => {
  test("healthy: the store answers and the log takes writes", async () => {
    const h = await getHealth(pipeline(), up);
    assert.equal(h.overall_health, "healthy");
    assert.deepEqual(h.components, {
      store: { status: "up", engine: "duckdb" },
      durable_log: { status: "writable" },
      loader: { status: "loading", backlog_bytes: 2048 },
    });
    const { uptime_seconds, ...metrics } = h.metrics;
    assert.deepEqual(metrics, {
      events_stored: 10,
      events_accepted_since_start: 12,
      events_rejected_since_start: 3,
      events_loaded_since_start: 10,
      newest_event: "2026-02-01T10:00:00.000Z",
    });
    assert.ok(uptime_seconds >= 90, `uptime ${uptime_seconds}`);
    assert.match(h.last_updated, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  test("degraded: the store is down, ingestion goes on into the log", async () => {
    const h = await getHealth(pipeline({ storeError: new Error("connection refused") }), down);
    assert.equal(h.overall_health, "degraded");
    assert.deepEqual(h.components, {
      store: { status: "down", engine: "duckdb", error: "connection refused" },
      durable_log: { status: "writable" },
      loader: { status: "waiting_for_store", backlog_bytes: 2048 },
    });
    assert.equal(h.metrics.events_stored, null);
    assert.equal(h.metrics.newest_event, null);
  });

  test("unhealthy: the log cannot take writes, whatever the store says", async () => {
    const h = await getHealth(pipeline({ logError: new Error("ENOSPC: no space left on device") }), up);
    assert.equal(h.overall_health, "unhealthy");
    assert.deepEqual(h.components.durable_log, { status: "failing", error: "ENOSPC: no space left on device" });
    assert.equal(h.components.store.status, "up");
  });

  test("an empty store has no newest event", async () => {
    const empty = store(async () => ({ total_events: 0, oldest_event: null, newest_event: null }));
    const h = await getHealth(pipeline(), empty);
    assert.equal(h.overall_health, "healthy");
    assert.equal(h.metrics.events_stored, 0);
    assert.equal(h.metrics.newest_event, null);
  });
});
