import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { RetentionJob } from "../../src/ingest/retention.js";
import type { EventRecord } from "../../src/model/event.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import type { Store } from "../../src/store/port.js";
import { eventsPage } from "../../src/store/queries/events-page.js";
import { capturedLogger } from "../helpers/log-lines.js";
import { tempDir } from "../helpers/test-app.js";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20);

const event = (id: string, ts: number): EventRecord => ({
  event_id: id,
  event_type: "user_action",
  timestamp: ts,
  received_at: ts,
  user_id: null,
  session_id: null,
  data: { action: "x" },
});

describe("RetentionJob", () => {
  let dir: { dir: string; remove(): Promise<void> };
  let store: DuckDbStore;
  before(async () => {
    dir = await tempDir();
    store = await DuckDbStore.open(join(dir.dir, "a.duckdb"));
    await store.migrate();
    await store.insertEvents(
      [
        event("old-1", NOW - 40 * DAY),
        event("old-2", NOW - 31 * DAY),
        event("edge", NOW - 30 * DAY),
        event("new", NOW),
      ],
      "n",
      { segment: 1, offset: 1 },
    );
  });
  after(async () => {
    await store.close();
    await dir.remove();
  });

  test("one node at a time: the lease holder deletes what is past the window, the other waits its turn", async () => {
    const opts = { retentionDays: 30, intervalMs: 60_000 };
    const a = new RetentionJob(store, { node: "a", ...opts });
    const b = new RetentionJob(store, { node: "b", ...opts });
    assert.equal(await a.runOnce(NOW), 2);
    assert.equal(await b.runOnce(NOW + 1000), null, "a holds the lease for two intervals");
    assert.equal(await a.runOnce(NOW + 60_000), 1, "the holder renews; the event at the edge is now past it");
    assert.equal(await b.runOnce(NOW + 60_000 + 2 * 60_000), 0, "once a's lease lapses, b takes over");
    const left = await store.run(eventsPage({ limit: 10 }));
    assert.deepEqual(
      left.map((e) => e.event_id),
      ["new"],
    );
  });

  test("deletions and failures go to the log; a failure does not stop later runs", async () => {
    const log = capturedLogger();
    let fail = true;
    const flaky = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === "deleteEventsBefore" && fail) return async () => Promise.reject(new Error("disk I/O error"));
        return Reflect.get(target, prop, receiver);
      },
    }) as Store;
    await store.insertEvents([event("older", NOW - 50 * DAY)], "n", { segment: 1, offset: 2 });
    const job = new RetentionJob(flaky, { node: "c", retentionDays: 30, intervalMs: 60_000, logger: log.logger });
    const later = NOW + 10 * 60_000;
    assert.equal(await job.runOnce(later), null);
    fail = false;
    assert.equal(await job.runOnce(later + 1000), 1);
    assert.deepEqual(
      log.lines.map((l) => [l.level, l.msg, (l.err as { message?: string } | undefined)?.message ?? l.deleted]),
      [
        [50, "retention failed; it runs again next interval", "disk I/O error"],
        [30, "retention: old events deleted", 1],
      ],
    );
  });

  test("a run forgets the leases that expired (a session end's claim), keeping held ones", async () => {
    const log = capturedLogger();
    const at = NOW + 100 * DAY;
    assert.equal(await store.acquireLease("session-end:s1", "a", 1_000, at), true);
    assert.equal(await store.acquireLease("session-end:s2", "a", 1_000, at + 1_000), true);
    const job = new RetentionJob(store, { node: "d", retentionDays: 30, intervalMs: 60_000, logger: log.logger });
    // The last event left ("new", at NOW) is past the window by now too.
    assert.equal(await job.runOnce(at + 1_500), 1);
    assert.deepEqual(
      log.lines.map((l) => [l.msg, l.deleted ?? l.released]),
      [
        ["retention: old events deleted", 1],
        ["retention: expired leases released", 1],
      ],
    );
    // s1 was forgotten, so anyone may take it; s2 is still a's until at + 2000.
    assert.equal(await store.acquireLease("session-end:s1", "b", 1_000, at + 1_600), true);
    assert.equal(await store.acquireLease("session-end:s2", "b", 1_000, at + 1_600), false);
  });
});
