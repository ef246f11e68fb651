import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { EventRecord } from "../../src/model/event.js";
import type { EventType } from "../../src/model/event-types.js";
import { runOne } from "../../src/store/port/query-runner.js";
import type { Cursor, Store } from "../../src/store/port.js";
import { type EventsPageQuery, eventsPage } from "../../src/store/queries/events-page.js";
import type { SessionAggregate } from "../../src/store/queries/parts/session-columns.js";
import { session as oneSession } from "../../src/store/queries/session.js";
import { sessionsPage } from "../../src/store/queries/sessions-page.js";
import { keyRecord } from "../helpers/key-record.js";
import { statsOf } from "../helpers/store-reads.js";

/**
 * The store contract: what every engine behind the store port must answer, with concrete values.
 * Each engine's test file runs it (test/store/duckdb-store.test.ts for DuckDB,
 * test/parity/store.test.ts for ClickHouse), so a query is written once and checked on both.
 *
 * `open(place)` returns an unmigrated store; the same `place` reaches the same stored data again
 * (a DuckDB file, a ClickHouse database), a new one an empty store. The contract closes the stores
 * it opens; the caller removes what they left behind (temporary directory, server).
 */
export type OpenStore = (place: string) => Promise<Store>;

export const T0 = Date.parse("2026-02-01T00:00:00.000Z");
export const MIN = 60_000;

export function ev(
  id: string,
  type: EventType,
  timestamp: number,
  more: { user?: string | null; session?: string | null; data?: Record<string, unknown>; receivedAt?: number } = {},
): EventRecord {
  return {
    event_id: id,
    event_type: type,
    timestamp,
    received_at: more.receivedAt ?? timestamp + 5,
    user_id: more.user ?? null,
    session_id: more.session ?? null,
    data: more.data ?? { action: `act-${id}` },
  };
}

export const ids = (events: EventRecord[]) => events.map((e) => e.event_id);

/** Every row once, following the keyset cursor page by page. */
export async function pageAll(
  store: Store,
  q: Omit<EventsPageQuery, "after">,
): Promise<{ ids: string[]; pages: number }> {
  const seen: string[] = [];
  let after: Cursor | undefined;
  let pages = 0;
  for (;;) {
    const page = await store.run(eventsPage({ ...q, ...(after ? { after } : {}) }));
    if (!page.length) break;
    pages += 1;
    seen.push(...ids(page));
    const last = page.at(-1) as EventRecord;
    after = { at: last.timestamp, id: last.event_id };
  }
  return { ids: seen, pages };
}

export async function migrated(open: OpenStore, place: string): Promise<Store> {
  const store = await open(place);
  await store.migrate();
  return store;
}

/** A fresh migrated store per describe block, closed after it. */
function withStore(open: OpenStore, place: string): { get(): Store } {
  let store: Store | undefined;
  before(async () => {
    store = await migrated(open, place);
  });
  after(async () => {
    await store?.close();
  });
  return {
    get() {
      if (!store) throw new Error("store not open");
      return store;
    },
  };
}

export function storeContract(engine: string, open: OpenStore): void {
  describe(`${engine} store contract: schema`, () => {
    test("migrate is safe to run twice, and again after a reopen", async () => {
      const store = await migrated(open, "migrate");
      await store.migrate();
      assert.equal(await store.insertEvents([ev("m1", "user_action", T0)], "n", { segment: 1, offset: 10 }), 1);
      await store.close();
      const again = await migrated(open, "migrate");
      try {
        await again.migrate();
        assert.deepEqual(ids(await again.run(eventsPage({ limit: 10 }))), ["m1"]);
      } finally {
        await again.close();
      }
    });

    test("an empty store answers, with no stats", async () => {
      const store = await migrated(open, "empty");
      try {
        assert.equal(store.engine, engine);
        assert.deepEqual(await statsOf(store), { total_events: 0, oldest_event: null, newest_event: null });
        assert.deepEqual(await store.run(eventsPage({ limit: 10 })), []);
        assert.equal(await store.loaderCheckpoint("node-1"), null);
        assert.equal(await runOne(store, oneSession("s1")), null);
        assert.deepEqual(
          await store.run(sessionsPage({ activeSince: 0, now: T0, timeoutMs: 30 * MIN, limit: 10 })),
          [],
        );
        assert.deepEqual(await store.listApiKeys(), []);
        assert.equal(await store.deleteEventsBefore(T0), 0);
      } finally {
        await store.close();
      }
    });

    test("a reopen keeps events, checkpoints and keys", async () => {
      const api = ev("h-api", "api_request", T0, {
        data: { endpoint: "/x", method: "GET", status_code: 404, response_time: 12.5 },
      });
      // A value of the wrong kind for its typed column, or an unsafe integer, stays as sent in data.
      const odd = ev("h-odd", "api_request", T0 + 4, {
        data: { endpoint: 5, status_code: 2 ** 60, response_time: "fast", success: "yes", action: { a: 1 } },
      });
      const store = await migrated(open, "reopen");
      await store.insertEvents([api, odd], "node-x", { segment: 3, offset: 777 });
      await store.insertApiKey(keyRecord({ id: "k", created_at: T0 }));
      await store.close();

      const reopened = await migrated(open, "reopen");
      try {
        assert.deepEqual(await reopened.run(eventsPage({ limit: 10 })), [odd, api]);
        assert.deepEqual(await reopened.loaderCheckpoint("node-x"), { segment: 3, offset: 777 });
        assert.deepEqual(
          (await reopened.listApiKeys()).map((k) => k.id),
          ["k"],
        );
        assert.equal(await reopened.insertEvents([api], "node-x", { segment: 3, offset: 800 }), 0);
        assert.equal((await statsOf(reopened)).total_events, 2);
      } finally {
        await reopened.close();
      }
    });
  });

  describe(`${engine} store contract: inserting events`, () => {
    const s = withStore(open, "insert");

    test("insertEvents stores new events and ignores event_ids already stored", async () => {
      const store = s.get();
      const a = ev("a", "user_action", T0);
      const b = ev("b", "user_action", T0 + 1);
      assert.equal(await store.insertEvents([a, b], "node-1", { segment: 1, offset: 100 }), 2);
      assert.equal(await store.insertEvents([a, b], "node-1", { segment: 1, offset: 100 }), 0);
      const c = ev("c", "error", T0 + 2, { data: { error_type: "E", error_message: "m" } });
      // A retry of `a` with different content does not replace the stored one.
      assert.equal(
        await store.insertEvents([{ ...a, data: { action: "changed" } }, c], "node-1", { segment: 1, offset: 200 }),
        1,
      );
      const stored = await store.run(eventsPage({ limit: 10 }));
      assert.deepEqual(ids(stored), ["c", "b", "a"]);
      assert.deepEqual(stored[2]?.data, { action: "act-a" });
      assert.deepEqual(await statsOf(store), { total_events: 3, oldest_event: T0, newest_event: T0 + 2 });
    });

    test("duplicates inside one batch are stored once", async () => {
      const store = s.get();
      const d = ev("d", "performance", T0 + 3, { data: { name: "ttfb", value: 3 } });
      assert.equal(await store.insertEvents([d, d, { ...d }], "node-1", { segment: 1, offset: 300 }), 1);
      assert.equal((await statsOf(store)).total_events, 4);
    });

    test("an empty insert still records the checkpoint", async () => {
      const store = s.get();
      assert.equal(await store.insertEvents([], "node-1", { segment: 2, offset: 0 }), 0);
      assert.deepEqual(await store.loaderCheckpoint("node-1"), { segment: 2, offset: 0 });
    });

    test("each node's loader checkpoint is kept apart and moves with each insert", async () => {
      const store = s.get();
      await store.insertEvents([], "node-a", { segment: 3, offset: 4096 });
      await store.insertEvents([ev("e", "user_action", T0 + 4)], "node-b", { segment: 7, offset: 12 });
      await store.insertEvents([], "node-a", { segment: 4, offset: 8 });
      assert.deepEqual(await store.loaderCheckpoint("node-a"), { segment: 4, offset: 8 });
      assert.deepEqual(await store.loaderCheckpoint("node-b"), { segment: 7, offset: 12 });
      assert.equal(await store.loaderCheckpoint("node-c"), null);
      // Large positions survive exactly (segment numbers and byte offsets are 64-bit in the log).
      await store.insertEvents([], "node-a", { segment: 123_456, offset: 2 ** 40 + 7 });
      assert.deepEqual(await store.loaderCheckpoint("node-a"), { segment: 123_456, offset: 2 ** 40 + 7 });
    });

    test("events round-trip exactly: envelope, nested data, Unicode", async () => {
      const store = s.get();
      const rich = ev("rich", "user_action", T0 + 1000, {
        user: "user-ü",
        session: "sess-1",
        data: {
          action: 'say "hi" 😀 \\ back\nslash',
          details: { list: [1, 2.5, "x", null, true], deep: { a: { b: "c" } }, quote: "it's", empty: {} },
        },
      });
      await store.insertEvents([rich], "node-1", { segment: 9, offset: 1 });
      const [back] = await store.run(eventsPage({ userId: "user-ü", limit: 1 }));
      assert.deepEqual(back, rich);
    });

    test("typed values of every hot column round-trip through data unchanged", async () => {
      const store = s.get();
      const cog = ev("h-cog", "cognitive_process", T0 + 2000, {
        data: {
          membrane_type: "grammar",
          model: "m1",
          processing_time: 250.125,
          input_tokens: 100,
          output_tokens: 50,
          success: false,
          cost: 0.25,
        },
      });
      const sys = ev("h-sys", "system_metric", T0 + 2001, {
        data: { cpu_usage: 55.5, memory_usage: 60, disk_usage: 70.25, network_io: { bytes_in: 1, bytes_out: 2 } },
      });
      await store.insertEvents([cog, sys], "node-1", { segment: 9, offset: 2 });
      assert.deepEqual(await store.run(eventsPage({ from: T0 + 2000, limit: 10 })), [sys, cog]);
    });
  });

  describe(`${engine} store contract: idempotent on event_id`, () => {
    const s = withStore(open, "idempotent");

    test("the same event_id arriving later with another timestamp is stored once, as first stored", async () => {
      const store = s.get();
      // A client retry without its own timestamp: the server stamps each arrival anew.
      const first = ev("retry-1", "user_action", T0, { user: "u", session: "s", receivedAt: T0 });
      const retry = { ...first, timestamp: T0 + 7 * MIN, received_at: T0 + 7 * MIN };
      assert.equal(await store.insertEvents([first], "node-1", { segment: 1, offset: 10 }), 1);
      assert.equal(await store.insertEvents([retry], "node-1", { segment: 1, offset: 20 }), 0);
      // And earlier than the stored one (clock skew): still the stored copy.
      const earlier = { ...first, timestamp: T0 - 3 * MIN, received_at: T0 - 3 * MIN };
      assert.equal(await store.insertEvents([earlier], "node-2", { segment: 1, offset: 5 }), 0);

      assert.deepEqual(await store.run(eventsPage({ limit: 10 })), [first]);
      assert.deepEqual(await store.run(eventsPage({ from: T0 + MIN, limit: 10 })), []);
      assert.deepEqual(await store.run(eventsPage({ to: T0, limit: 10 })), []);
      assert.deepEqual(await statsOf(store), { total_events: 1, oldest_event: T0, newest_event: T0 });
      const session = await runOne(store, oneSession("s"));
      assert.equal(session?.events_count, 1);
      assert.equal(session?.last_activity, T0);
      assert.deepEqual(await store.loaderCheckpoint("node-1"), { segment: 1, offset: 20 });
    });

    test("the same event_id twice in one batch with different timestamps: the first is kept", async () => {
      const store = s.get();
      const one = ev("retry-2", "user_action", T0 + 10 * MIN);
      const two = { ...one, timestamp: T0 + 11 * MIN, received_at: T0 + 11 * MIN };
      assert.equal(await store.insertEvents([one, two], "node-1", { segment: 1, offset: 30 }), 1);
      assert.deepEqual(await store.run(eventsPage({ from: T0 + 10 * MIN, limit: 10 })), [one]);
      assert.equal((await statsOf(store)).total_events, 2);
    });

    test("a replayed batch after a crash (same records, same log position) adds nothing", async () => {
      const batch = Array.from({ length: 50 }, (_, i) =>
        ev(`replay-${String(i).padStart(2, "0")}`, i % 2 ? "api_request" : "user_action", T0 + 20 * MIN + i * 1000, {
          user: `u${i % 3}`,
          session: "replay-s",
        }),
      );
      const extra = ev("replay-new", "user_action", T0 + 30 * MIN, { session: "replay-s" });
      const at = { segment: 4, offset: 9_000 };
      const more = [...batch.slice(40), extra];
      const store = await migrated(open, "replay");
      try {
        assert.equal(await store.insertEvents(batch, "node-c", at), 50);
        // The loader died before releasing its log: on restart it loads the same records again.
        assert.equal(await store.insertEvents(batch, "node-c", at), 0);
        // A partial replay overlapping new records counts only the new ones.
        assert.equal(await store.insertEvents(more, "node-c", { segment: 4, offset: 9_500 }), 1);
        assert.deepEqual(await store.loaderCheckpoint("node-c"), { segment: 4, offset: 9_500 });
        assert.equal((await statsOf(store)).total_events, 51);
        assert.equal((await store.run(eventsPage({ sessionId: "replay-s", limit: 1000 }))).length, 51);
        const session = await runOne(store, oneSession("replay-s"));
        assert.equal(session?.events_count, 51);
        assert.equal(session?.api_calls, 25);
      } finally {
        await store.close();
      }

      // Across a whole process restart too: a new store on the same data gets the last batch once more.
      const restarted = await migrated(open, "replay");
      try {
        assert.equal(await restarted.insertEvents(more, "node-c", { segment: 4, offset: 9_500 }), 0);
        assert.equal(await restarted.insertEvents(batch, "node-c", { segment: 4, offset: 9_500 }), 0);
        assert.equal((await statsOf(restarted)).total_events, 51);
        assert.deepEqual(await restarted.loaderCheckpoint("node-c"), { segment: 4, offset: 9_500 });
        assert.deepEqual(await restarted.run(eventsPage({ limit: 1 })), [extra]);
      } finally {
        await restarted.close();
      }
    });
  });

  describe(`${engine} store contract: queryEvents`, () => {
    const s = withStore(open, "query");
    const events: EventRecord[] = [
      ev("q01", "user_action", T0, { user: "u1", session: "s1" }),
      ev("q02", "api_request", T0 + MIN, {
        user: "u1",
        session: "s1",
        data: { endpoint: "/a", method: "GET", status_code: 200, response_time: 5 },
      }),
      ev("q03", "user_action", T0 + 2 * MIN, { user: "u2", session: "s2" }),
      ev("q04", "error", T0 + 3 * MIN, { user: "u2", data: { error_type: "E", error_message: "boom" } }),
      ev("q05", "user_action", T0 + 4 * MIN, { user: "u1", session: "s3" }),
      ev("q06", "user_action", T0 + 4 * MIN, { user: "u3" }),
    ];
    before(async () => {
      await s.get().insertEvents(events, "n", { segment: 1, offset: 1 });
    });

    test("newest first; equal times by event_id descending", async () => {
      assert.deepEqual(ids(await s.get().run(eventsPage({ limit: 100 }))), ["q06", "q05", "q04", "q03", "q02", "q01"]);
    });

    test("limit caps the rows", async () => {
      assert.deepEqual(ids(await s.get().run(eventsPage({ limit: 2 }))), ["q06", "q05"]);
    });

    test("filters by event type, user and session", async () => {
      const store = s.get();
      assert.deepEqual(ids(await store.run(eventsPage({ eventType: "user_action", limit: 100 }))), [
        "q06",
        "q05",
        "q03",
        "q01",
      ]);
      assert.deepEqual(ids(await store.run(eventsPage({ userId: "u1", limit: 100 }))), ["q05", "q02", "q01"]);
      assert.deepEqual(ids(await store.run(eventsPage({ sessionId: "s1", limit: 100 }))), ["q02", "q01"]);
      assert.deepEqual(ids(await store.run(eventsPage({ userId: "u1", eventType: "user_action", limit: 100 }))), [
        "q05",
        "q01",
      ]);
      assert.deepEqual(ids(await store.run(eventsPage({ userId: "nobody", limit: 100 }))), []);
    });

    test("filter values are data, never SQL", async () => {
      const store = s.get();
      for (const hostile of ["u1' OR '1'='1", "u1\\", "u1\\' OR 1=1 --", "'; DROP TABLE events; --", "{u1}", "$1"]) {
        assert.deepEqual(await store.run(eventsPage({ userId: hostile, limit: 100 })), [], hostile);
        assert.equal(await runOne(store, oneSession(hostile)), null, hostile);
      }
      assert.equal((await statsOf(store)).total_events, 6);
    });

    test("from is inclusive, to is exclusive", async () => {
      const store = s.get();
      assert.deepEqual(ids(await store.run(eventsPage({ from: T0 + MIN, to: T0 + 3 * MIN, limit: 100 }))), [
        "q03",
        "q02",
      ]);
      assert.deepEqual(ids(await store.run(eventsPage({ from: T0 + 4 * MIN, limit: 100 }))), ["q06", "q05"]);
      assert.deepEqual(ids(await store.run(eventsPage({ to: T0 + MIN, limit: 100 }))), ["q01"]);
      assert.deepEqual(ids(await store.run(eventsPage({ from: T0 + 3 * MIN, to: T0 + 3 * MIN, limit: 100 }))), []);
    });

    test("a cursor continues after the given row", async () => {
      const store = s.get();
      assert.deepEqual(ids(await store.run(eventsPage({ after: { at: T0 + 4 * MIN, id: "q06" }, limit: 2 }))), [
        "q05",
        "q04",
      ]);
      assert.deepEqual(ids(await store.run(eventsPage({ after: { at: T0 + 4 * MIN, id: "q05" }, limit: 100 }))), [
        "q04",
        "q03",
        "q02",
        "q01",
      ]);
    });

    test("the envelope comes back as it went in", async () => {
      const [q04] = await s.get().run(eventsPage({ eventType: "error", limit: 1 }));
      assert.deepEqual(q04, {
        event_id: "q04",
        event_type: "error",
        timestamp: T0 + 3 * MIN,
        received_at: T0 + 3 * MIN + 5,
        user_id: "u2",
        session_id: null,
        data: { error_type: "E", error_message: "boom" },
      });
    });
  });

  describe(`${engine} store contract: keyset paging`, () => {
    const s = withStore(open, "paging");

    test("pages through every row exactly once, in order, even with equal timestamps", async () => {
      const store = s.get();
      // 23 events over 6 distinct times: many share a timestamp, so the id breaks the ties.
      const events = Array.from({ length: 23 }, (_, i) =>
        ev(`p${String(i).padStart(2, "0")}`, i % 3 === 0 ? "api_request" : "user_action", T0 + (i % 6) * 1000),
      );
      await store.insertEvents(events, "n", { segment: 1, offset: 1 });
      const all = ids(await store.run(eventsPage({ limit: 100 })));
      assert.equal(all.length, 23);
      assert.deepEqual(all.slice(0, 5), ["p17", "p11", "p05", "p22", "p16"]);

      for (const pageSize of [1, 4, 5, 23, 50]) {
        const paged = await pageAll(store, { limit: pageSize });
        assert.deepEqual(paged.ids, all, `page size ${pageSize}`);
        assert.equal(paged.pages, Math.ceil(23 / pageSize), `pages of ${pageSize}`);
      }

      // Paging with a filter: the 8 api_request events (i = 0, 3, …, 21), 3 per page.
      assert.deepEqual((await pageAll(store, { eventType: "api_request", limit: 3 })).ids, [
        "p21",
        "p15",
        "p09",
        "p03",
        "p18",
        "p12",
        "p06",
        "p00",
      ]);
    });
  });

  describe(`${engine} store contract: sessions`, () => {
    const s = withStore(open, "sessions");
    const NOW = T0 + 45 * MIN;
    const TIMEOUT = 30 * MIN;
    const base = { activeSince: T0 - 60 * MIN, now: NOW, timeoutMs: TIMEOUT, limit: 100 };

    before(async () => {
      await s.get().insertEvents(
        [
          // s1: started, worked, ended.
          ev("s1-start", "session_start", T0, {
            user: "u1",
            session: "s1",
            data: { ip_address: "10.0.0.1", user_agent: "Firefox" },
          }),
          ev("s1-a", "user_action", T0 + MIN, { user: "u1", session: "s1" }),
          ev("s1-c1", "cognitive_process", T0 + 2 * MIN, {
            user: "u1",
            session: "s1",
            data: { membrane_type: "memory", processing_time: 10, input_tokens: 1, output_tokens: 1, success: true },
          }),
          ev("s1-c2", "cognitive_process", T0 + 3 * MIN, {
            user: "u1",
            session: "s1",
            data: {
              membrane_type: "reasoning",
              processing_time: 20,
              input_tokens: 2,
              output_tokens: 2,
              success: false,
            },
          }),
          ev("s1-api", "api_request", T0 + 4 * MIN, {
            user: "u1",
            session: "s1",
            data: { endpoint: "/x", method: "GET", status_code: 200, response_time: 3 },
          }),
          ev("s1-end", "session_end", T0 + 5 * MIN, { user: "u1", session: "s1", data: { reason: "logout" } }),
          // s2: no start event, the user id only on the later event; idle since T0+11m.
          ev("s2-a", "user_action", T0 + 10 * MIN, { session: "s2" }),
          ev("s2-b", "user_action", T0 + 11 * MIN, { user: "u2", session: "s2" }),
          // s3: still active at NOW.
          ev("s3-start", "session_start", T0 + 20 * MIN, {
            user: "u1",
            session: "s3",
            data: { ip_address: "10.0.0.3", user_agent: null },
          }),
          ev("s3-api", "api_request", T0 + 21 * MIN, {
            user: "u1",
            session: "s3",
            data: { endpoint: "/y", method: "POST", status_code: 500, response_time: 9 },
          }),
          // No session: never part of one.
          ev("loose", "user_action", T0 + 30 * MIN, { user: "u1" }),
        ],
        "n",
        { segment: 1, offset: 1 },
      );
    });

    const S1: SessionAggregate = {
      session_id: "s1",
      user_id: "u1",
      start_time: T0,
      last_activity: T0 + 5 * MIN,
      ended_at: T0 + 5 * MIN,
      ip_address: "10.0.0.1",
      user_agent: "Firefox",
      events_count: 4,
      cognitive_processes: 2,
      api_calls: 1,
    };
    const S2: SessionAggregate = {
      session_id: "s2",
      user_id: "u2",
      start_time: T0 + 10 * MIN,
      last_activity: T0 + 11 * MIN,
      ended_at: null,
      ip_address: null,
      user_agent: null,
      events_count: 2,
      cognitive_processes: 0,
      api_calls: 0,
    };
    const S3: SessionAggregate = {
      session_id: "s3",
      user_id: "u1",
      start_time: T0 + 20 * MIN,
      last_activity: T0 + 21 * MIN,
      ended_at: null,
      ip_address: "10.0.0.3",
      user_agent: null,
      events_count: 1,
      cognitive_processes: 0,
      api_calls: 1,
    };

    test("getSession aggregates a session's events (session markers not counted as events)", async () => {
      const store = s.get();
      assert.deepEqual(await runOne(store, oneSession("s1")), S1);
      assert.deepEqual(await runOne(store, oneSession("s2")), S2);
      assert.deepEqual(await runOne(store, oneSession("s3")), S3);
      assert.equal(await runOne(store, oneSession("nope")), null);
    });

    test("listSessions: newest activity first", async () => {
      assert.deepEqual(await s.get().run(sessionsPage(base)), [S3, S2, S1]);
    });

    test("listSessions: status filters", async () => {
      const store = s.get();
      assert.deepEqual(await store.run(sessionsPage({ ...base, status: "terminated" })), [S1]);
      assert.deepEqual(await store.run(sessionsPage({ ...base, status: "expired" })), [S2]);
      assert.deepEqual(await store.run(sessionsPage({ ...base, status: "active" })), [S3]);
      // At T0+40m s3 is idle for 19 minutes only; at T0+52m it is idle for 31.
      assert.deepEqual(
        (await store.run(sessionsPage({ ...base, now: T0 + 40 * MIN, status: "active" }))).map((x) => x.session_id),
        ["s3", "s2"],
      );
      assert.deepEqual(
        (await store.run(sessionsPage({ ...base, now: T0 + 52 * MIN, status: "expired" }))).map((x) => x.session_id),
        ["s3", "s2"],
      );
      // Idle for exactly the timeout is expired.
      assert.deepEqual(
        (await store.run(sessionsPage({ ...base, now: T0 + 51 * MIN, status: "expired" }))).map((x) => x.session_id),
        ["s3", "s2"],
      );
      assert.deepEqual(
        (await store.run(sessionsPage({ ...base, now: T0 + 51 * MIN - 1, status: "active" }))).map((x) => x.session_id),
        ["s3"],
      );
    });

    test("listSessions: by user, by activity window, and paged by cursor", async () => {
      const store = s.get();
      assert.deepEqual(
        (await store.run(sessionsPage({ ...base, userId: "u1" }))).map((x) => x.session_id),
        ["s3", "s1"],
      );
      assert.deepEqual(
        (await store.run(sessionsPage({ ...base, activeSince: T0 + 11 * MIN }))).map((x) => x.session_id),
        ["s3", "s2"],
      );
      const first = await store.run(sessionsPage({ ...base, limit: 2 }));
      assert.deepEqual(
        first.map((x) => x.session_id),
        ["s3", "s2"],
      );
      const last = first.at(-1) as SessionAggregate;
      const rest = await store.run(
        sessionsPage({
          ...base,
          limit: 2,
          after: { at: last.last_activity, id: last.session_id },
        }),
      );
      assert.deepEqual(rest, [S1]);
    });
  });

  describe(`${engine} store contract: retention`, () => {
    const s = withStore(open, "retention");

    test("deleteEventsBefore removes events before the cutoff, keeping the one at it", async () => {
      const store = s.get();
      await store.insertEvents(
        [0, 1, 2, 3, 4].map((i) => ev(`r${i}`, "user_action", T0 + i * MIN)),
        "n",
        { segment: 1, offset: 1 },
      );
      assert.equal(await store.deleteEventsBefore(T0 + 2 * MIN), 2);
      assert.deepEqual(ids(await store.run(eventsPage({ limit: 10 }))), ["r4", "r3", "r2"]);
      assert.equal(await store.deleteEventsBefore(T0 + 2 * MIN), 0);
      assert.deepEqual(await statsOf(store), {
        total_events: 3,
        oldest_event: T0 + 2 * MIN,
        newest_event: T0 + 4 * MIN,
      });
    });
  });

  describe(`${engine} store contract: leases`, () => {
    const s = withStore(open, "leases");
    const TTL = 10_000;

    test("a free lease is granted; its holder renews it; another holder waits for its expiry", async () => {
      const store = s.get();
      assert.equal(await store.acquireLease("retention", "node-a", TTL, T0), true);
      assert.equal(await store.acquireLease("retention", "node-b", TTL, T0 + 1), false);
      // Renewal moves the expiry to T0 + 5000 + TTL.
      assert.equal(await store.acquireLease("retention", "node-a", TTL, T0 + 5_000), true);
      assert.equal(await store.acquireLease("retention", "node-b", TTL, T0 + TTL), false);
      assert.equal(await store.acquireLease("retention", "node-b", TTL, T0 + 5_000 + TTL - 1), false);
      // Held until `now + ttlMs`, not at it.
      assert.equal(await store.acquireLease("retention", "node-b", TTL, T0 + 5_000 + TTL), true);
      assert.equal(await store.acquireLease("retention", "node-a", TTL, T0 + 5_000 + TTL + 1), false);
      assert.equal(await store.acquireLease("retention", "node-b", TTL, T0 + 5_000 + TTL + 2), true);
    });

    test("leases are independent by name, and an expired lease can be taken back by its old holder", async () => {
      const store = s.get();
      assert.equal(await store.acquireLease("alerts", "node-a", TTL, T0), true);
      assert.equal(await store.acquireLease("reports", "node-b", TTL, T0), true);
      assert.equal(await store.acquireLease("alerts", "node-b", TTL, T0 + 1), false);
      assert.equal(await store.acquireLease("reports", "node-a", TTL, T0 + 1), false);
      assert.equal(await store.acquireLease("alerts", "node-a", TTL, T0 + 3 * TTL), true);
      assert.equal(await store.acquireLease("alerts", "node-b", TTL, T0 + 3 * TTL + 1), false);
    });

    test("releaseExpiredLeases forgets leases expired at or before the time, and leaves held ones", async () => {
      const store = s.get();
      const L = 1_000_000_000;
      assert.equal(await store.acquireLease("session-end:s1", "node-a", TTL, L), true);
      assert.equal(await store.acquireLease("session-end:s2", "node-a", TTL, L + 1), true);
      // s3: a refused claim, then a renewal that keeps it held past the release time.
      assert.equal(await store.acquireLease("session-end:s3", "node-a", TTL, L), true);
      assert.equal(await store.acquireLease("session-end:s3", "node-b", TTL, L + 2), false);
      assert.equal(await store.acquireLease("session-end:s3", "node-a", TTL, L + 5), true);
      assert.equal(await store.releaseExpiredLeases(L + TTL - 1), 0);
      // s1 expired at L + TTL (released at it), s2 at L + TTL + 1; s3 is held until L + 5 + TTL.
      assert.equal(await store.releaseExpiredLeases(L + TTL), 1);
      assert.equal(await store.releaseExpiredLeases(L + TTL + 1), 1);
      assert.equal(await store.releaseExpiredLeases(L + TTL + 4), 0);
      // Still node-a's: node-b is refused, and node-a renews.
      assert.equal(await store.acquireLease("session-end:s3", "node-b", TTL, L + TTL + 4), false);
      assert.equal(await store.acquireLease("session-end:s3", "node-a", TTL, L + TTL + 4), true);
      // A released lease is free to anyone, as an expired one was.
      assert.equal(await store.acquireLease("session-end:s1", "node-b", TTL, L + TTL + 4), true);
    });
  });

  describe(`${engine} store contract: API keys`, () => {
    const s = withStore(open, "apikeys");

    test("insert, list in creation order, revoke once", async () => {
      const store = s.get();
      const k1 = keyRecord({ id: "k1", name: "ingest", scopes: ["ingest"], key_hash: "h1", created_at: T0 + 2 });
      // A key limited in time and to browser origins keeps both.
      const k2 = keyRecord({
        id: "k2",
        name: "ops ü 'quoted'",
        scopes: ["read", "admin"],
        key_hash: "h2",
        created_at: T0 + 1,
        expires_at: T0 + 86_400_000,
        allowed_origins: ["https://app.example.com", "http://localhost:8080"],
      });
      await store.insertApiKey(k1);
      await store.insertApiKey(k2);
      assert.deepEqual(await store.listApiKeys(), [k2, k1]);

      assert.equal(await store.revokeApiKey("k1", T0 + 100), true);
      assert.equal(await store.revokeApiKey("k1", T0 + 200), true);
      assert.equal(await store.revokeApiKey("k9", T0 + 100), false);
      assert.deepEqual(await store.listApiKeys(), [k2, { ...k1, revoked_at: T0 + 100 }]);

      // The hash is unique: the same key cannot be registered twice.
      await assert.rejects(store.insertApiKey({ ...k1, id: "k3" }));
      assert.equal((await store.listApiKeys()).length, 2);
    });
  });
}
