import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { DuckDBInstance } from "@duckdb/node-api";
import type { EventRecord } from "../../src/model/event.js";
import type { EventType } from "../../src/model/event-types.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import type { ApiKeyRecord, Cursor, SessionAggregate } from "../../src/store/port.js";

const T0 = Date.parse("2026-02-01T00:00:00.000Z");
const MIN = 60_000;

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "dte-store-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function openStore(name: string): Promise<DuckDbStore> {
  const store = await DuckDbStore.open(join(dir, name));
  await store.migrate();
  return store;
}

function ev(
  id: string,
  type: EventType,
  timestamp: number,
  more: { user?: string | null; session?: string | null; data?: Record<string, unknown> } = {},
): EventRecord {
  return {
    event_id: id,
    event_type: type,
    timestamp,
    received_at: timestamp + 5,
    user_id: more.user ?? null,
    session_id: more.session ?? null,
    data: more.data ?? { action: `act-${id}` },
  };
}

const ids = (events: EventRecord[]) => events.map((e) => e.event_id);

describe("DuckDbStore: schema", () => {
  test("migrate is safe to run twice, and again after a reopen", async () => {
    const file = "migrate.duckdb";
    const store = await openStore(file);
    await store.migrate();
    assert.equal(await store.insertEvents([ev("m1", "user_action", T0)], "n", { segment: 1, offset: 10 }), 1);
    await store.close();
    const again = await openStore(file);
    await again.migrate();
    assert.deepEqual(ids(await again.queryEvents({ limit: 10 })), ["m1"]);
    await again.close();
  });

  test("ping answers and an empty store has no stats", async () => {
    const store = await openStore("empty.duckdb");
    try {
      await store.ping();
      assert.equal(store.engine, "duckdb");
      assert.deepEqual(await store.stats(), { total_events: 0, oldest_event: null, newest_event: null });
      assert.deepEqual(await store.queryEvents({ limit: 10 }), []);
      assert.equal(await store.loaderCheckpoint("node-1"), null);
    } finally {
      await store.close();
    }
  });
});

describe("DuckDbStore: inserting events", () => {
  let store: DuckDbStore;
  before(async () => {
    store = await openStore("insert.duckdb");
  });
  after(async () => {
    await store.close();
  });

  test("insertEvents stores new events and ignores event_ids already stored", async () => {
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
    const stored = await store.queryEvents({ limit: 10 });
    assert.deepEqual(ids(stored), ["c", "b", "a"]);
    assert.deepEqual(stored[2]?.data, { action: "act-a" });
    assert.deepEqual(await store.stats(), { total_events: 3, oldest_event: T0, newest_event: T0 + 2 });
  });

  test("duplicates inside one batch are stored once", async () => {
    const d = ev("d", "performance", T0 + 3, { data: { name: "ttfb", value: 3 } });
    assert.equal(await store.insertEvents([d, d, { ...d }], "node-1", { segment: 1, offset: 300 }), 1);
    assert.equal((await store.stats()).total_events, 4);
  });

  test("an empty insert still records the checkpoint", async () => {
    assert.equal(await store.insertEvents([], "node-1", { segment: 2, offset: 0 }), 0);
    assert.deepEqual(await store.loaderCheckpoint("node-1"), { segment: 2, offset: 0 });
  });

  test("each node's loader checkpoint is kept apart and moves with each insert", async () => {
    await store.insertEvents([], "node-a", { segment: 3, offset: 4096 });
    await store.insertEvents([ev("e", "user_action", T0 + 4)], "node-b", { segment: 7, offset: 12 });
    await store.insertEvents([], "node-a", { segment: 4, offset: 8 });
    assert.deepEqual(await store.loaderCheckpoint("node-a"), { segment: 4, offset: 8 });
    assert.deepEqual(await store.loaderCheckpoint("node-b"), { segment: 7, offset: 12 });
    assert.equal(await store.loaderCheckpoint("node-c"), null);
  });

  test("events round-trip exactly: envelope, nested data, Unicode", async () => {
    const rich = ev("rich", "user_action", T0 + 1000, {
      user: "user-ü",
      session: "sess-1",
      data: {
        action: 'say "hi" 😀',
        details: { list: [1, 2.5, "x", null, true], deep: { a: { b: "c" } }, quote: "it's", empty: {} },
      },
    });
    await store.insertEvents([rich], "node-1", { segment: 9, offset: 1 });
    const [back] = await store.queryEvents({ userId: "user-ü", limit: 1 });
    assert.deepEqual(back, rich);
  });
});

describe("DuckDbStore: queryEvents", () => {
  let store: DuckDbStore;
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
    store = await openStore("query.duckdb");
    await store.insertEvents(events, "n", { segment: 1, offset: 1 });
  });
  after(async () => {
    await store.close();
  });

  test("newest first; equal times by event_id descending", async () => {
    assert.deepEqual(ids(await store.queryEvents({ limit: 100 })), ["q06", "q05", "q04", "q03", "q02", "q01"]);
  });

  test("limit caps the rows", async () => {
    assert.deepEqual(ids(await store.queryEvents({ limit: 2 })), ["q06", "q05"]);
  });

  test("filters by event type, user and session", async () => {
    assert.deepEqual(ids(await store.queryEvents({ eventType: "user_action", limit: 100 })), [
      "q06",
      "q05",
      "q03",
      "q01",
    ]);
    assert.deepEqual(ids(await store.queryEvents({ userId: "u1", limit: 100 })), ["q05", "q02", "q01"]);
    assert.deepEqual(ids(await store.queryEvents({ sessionId: "s1", limit: 100 })), ["q02", "q01"]);
    assert.deepEqual(ids(await store.queryEvents({ userId: "u1", eventType: "user_action", limit: 100 })), [
      "q05",
      "q01",
    ]);
    assert.deepEqual(ids(await store.queryEvents({ userId: "nobody", limit: 100 })), []);
  });

  test("from is inclusive, to is exclusive", async () => {
    assert.deepEqual(ids(await store.queryEvents({ from: T0 + MIN, to: T0 + 3 * MIN, limit: 100 })), ["q03", "q02"]);
    assert.deepEqual(ids(await store.queryEvents({ from: T0 + 4 * MIN, limit: 100 })), ["q06", "q05"]);
    assert.deepEqual(ids(await store.queryEvents({ to: T0 + MIN, limit: 100 })), ["q01"]);
    assert.deepEqual(ids(await store.queryEvents({ from: T0 + 3 * MIN, to: T0 + 3 * MIN, limit: 100 })), []);
  });

  test("a cursor continues after the given row", async () => {
    assert.deepEqual(ids(await store.queryEvents({ after: { at: T0 + 4 * MIN, id: "q06" }, limit: 2 })), [
      "q05",
      "q04",
    ]);
    assert.deepEqual(ids(await store.queryEvents({ after: { at: T0 + 4 * MIN, id: "q05" }, limit: 100 })), [
      "q04",
      "q03",
      "q02",
      "q01",
    ]);
  });

  test("the envelope comes back as it went in", async () => {
    const [q04] = await store.queryEvents({ eventType: "error", limit: 1 });
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

describe("DuckDbStore: keyset paging", () => {
  test("pages through every row exactly once, in order, even with equal timestamps", async () => {
    const store = await openStore("paging.duckdb");
    try {
      // 23 events over 6 distinct times: many share a timestamp, so the id breaks the ties.
      const events = Array.from({ length: 23 }, (_, i) =>
        ev(`p${String(i).padStart(2, "0")}`, i % 3 === 0 ? "api_request" : "user_action", T0 + (i % 6) * 1000),
      );
      await store.insertEvents(events, "n", { segment: 1, offset: 1 });
      const all = ids(await store.queryEvents({ limit: 100 }));
      assert.equal(all.length, 23);

      for (const pageSize of [1, 4, 5, 23, 50]) {
        const seen: string[] = [];
        let after: Cursor | undefined;
        let pages = 0;
        for (;;) {
          const page = await store.queryEvents({ limit: pageSize, ...(after ? { after } : {}) });
          if (!page.length) break;
          pages += 1;
          seen.push(...ids(page));
          const last = page.at(-1) as EventRecord;
          after = { at: last.timestamp, id: last.event_id };
        }
        assert.deepEqual(seen, all, `page size ${pageSize}`);
        assert.equal(pages, Math.ceil(23 / pageSize), `pages of ${pageSize}`);
      }

      // Paging with a filter: the 8 api_request events (i = 0, 3, …, 21), 3 per page.
      const filtered: string[] = [];
      let after: Cursor | undefined;
      for (;;) {
        const page = await store.queryEvents({ eventType: "api_request", limit: 3, ...(after ? { after } : {}) });
        if (!page.length) break;
        filtered.push(...ids(page));
        const last = page.at(-1) as EventRecord;
        after = { at: last.timestamp, id: last.event_id };
      }
      assert.deepEqual(filtered, ["p21", "p15", "p09", "p03", "p18", "p12", "p06", "p00"]);
    } finally {
      await store.close();
    }
  });
});

describe("DuckDbStore: sessions", () => {
  let store: DuckDbStore;
  const NOW = T0 + 45 * MIN;
  const TIMEOUT = 30 * MIN;
  const base = { activeSince: T0 - 60 * MIN, now: NOW, timeoutMs: TIMEOUT, limit: 100 };

  before(async () => {
    store = await openStore("sessions.duckdb");
    await store.insertEvents(
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
          data: { membrane_type: "reasoning", processing_time: 20, input_tokens: 2, output_tokens: 2, success: false },
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
  after(async () => {
    await store.close();
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
    assert.deepEqual(await store.getSession("s1"), S1);
    assert.deepEqual(await store.getSession("s2"), S2);
    assert.deepEqual(await store.getSession("s3"), S3);
    assert.equal(await store.getSession("nope"), null);
  });

  test("listSessions: newest activity first", async () => {
    assert.deepEqual(await store.listSessions(base), [S3, S2, S1]);
  });

  test("listSessions: status filters", async () => {
    assert.deepEqual(await store.listSessions({ ...base, status: "terminated" }), [S1]);
    assert.deepEqual(await store.listSessions({ ...base, status: "expired" }), [S2]);
    assert.deepEqual(await store.listSessions({ ...base, status: "active" }), [S3]);
    // At T0+40m s3 is idle for 19 minutes only; at T0+52m it is idle for 31.
    assert.deepEqual(
      (await store.listSessions({ ...base, now: T0 + 40 * MIN, status: "active" })).map((s) => s.session_id),
      ["s3", "s2"],
    );
    assert.deepEqual(
      (await store.listSessions({ ...base, now: T0 + 52 * MIN, status: "expired" })).map((s) => s.session_id),
      ["s3", "s2"],
    );
  });

  test("listSessions: by user, by activity window, and paged by cursor", async () => {
    assert.deepEqual(
      (await store.listSessions({ ...base, userId: "u1" })).map((s) => s.session_id),
      ["s3", "s1"],
    );
    assert.deepEqual(
      (await store.listSessions({ ...base, activeSince: T0 + 11 * MIN })).map((s) => s.session_id),
      ["s3", "s2"],
    );
    const first = await store.listSessions({ ...base, limit: 2 });
    assert.deepEqual(
      first.map((s) => s.session_id),
      ["s3", "s2"],
    );
    const last = first.at(-1) as SessionAggregate;
    const rest = await store.listSessions({
      ...base,
      limit: 2,
      after: { at: last.last_activity, id: last.session_id },
    });
    assert.deepEqual(rest, [S1]);
  });
});

describe("DuckDbStore: retention", () => {
  test("deleteEventsBefore removes events before the cutoff, keeping the one at it", async () => {
    const store = await openStore("retention.duckdb");
    try {
      await store.insertEvents(
        [0, 1, 2, 3, 4].map((i) => ev(`r${i}`, "user_action", T0 + i * MIN)),
        "n",
        { segment: 1, offset: 1 },
      );
      assert.equal(await store.deleteEventsBefore(T0 + 2 * MIN), 2);
      assert.deepEqual(ids(await store.queryEvents({ limit: 10 })), ["r4", "r3", "r2"]);
      assert.equal(await store.deleteEventsBefore(T0 + 2 * MIN), 0);
      assert.deepEqual(await store.stats(), {
        total_events: 3,
        oldest_event: T0 + 2 * MIN,
        newest_event: T0 + 4 * MIN,
      });
    } finally {
      await store.close();
    }
  });
});

describe("DuckDbStore: API keys", () => {
  test("insert, list in creation order, revoke once", async () => {
    const store = await openStore("apikeys.duckdb");
    try {
      const k1: ApiKeyRecord = {
        id: "k1",
        name: "ingest",
        scopes: ["ingest"],
        key_hash: "h1",
        created_at: T0 + 2,
        revoked_at: null,
      };
      const k2: ApiKeyRecord = {
        id: "k2",
        name: "ops",
        scopes: ["read", "admin"],
        key_hash: "h2",
        created_at: T0 + 1,
        revoked_at: null,
      };
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
    } finally {
      await store.close();
    }
  });
});

describe("DuckDbStore: the file", () => {
  const file = "reopen.duckdb";
  const api = ev("h-api", "api_request", T0, {
    data: {
      endpoint: "/x",
      method: "GET",
      status_code: 404,
      response_time: 12.5,
      ip_address: "1.2.3.4",
      user_agent: "ua",
    },
  });
  const cog = ev("h-cog", "cognitive_process", T0 + 1, {
    data: {
      membrane_type: "grammar",
      model: "m1",
      processing_time: 250,
      input_tokens: 100,
      output_tokens: 50,
      success: false,
      cost: 0.25,
    },
  });
  const sys = ev("h-sys", "system_metric", T0 + 2, {
    data: { cpu_usage: 55.5, memory_usage: 60, disk_usage: 70.25, network_io: { bytes_in: 1 } },
  });
  const err = ev("h-err", "error", T0 + 3, { data: { error_type: "TypeError", error_message: "x" } });
  // A value of the wrong kind for its column, or an unsafe integer, leaves the column empty (it stays in data).
  const odd = ev("h-odd", "api_request", T0 + 4, {
    data: { endpoint: 5, status_code: 2 ** 60, response_time: "fast", success: "yes", action: { a: 1 } },
  });

  test("a reopen keeps events, checkpoints and keys", async () => {
    const store = await openStore(file);
    await store.insertEvents([api, cog, sys, err, odd], "node-x", { segment: 3, offset: 777 });
    await store.insertApiKey({ id: "k", name: "n", scopes: ["read"], key_hash: "h", created_at: T0, revoked_at: null });
    await store.close();

    const reopened = await openStore(file);
    try {
      assert.deepEqual(await reopened.queryEvents({ limit: 10 }), [odd, err, sys, cog, api]);
      assert.deepEqual(await reopened.loaderCheckpoint("node-x"), { segment: 3, offset: 777 });
      assert.deepEqual(
        (await reopened.listApiKeys()).map((k) => k.id),
        ["k"],
      );
      assert.equal(await reopened.insertEvents([api], "node-x", { segment: 3, offset: 800 }), 0);
    } finally {
      await reopened.close();
    }
  });

  test("hot columns hold the typed values beside the data JSON", async () => {
    const instance = await DuckDBInstance.create(join(dir, file));
    const conn = await instance.connect();
    try {
      const reader = await conn.runAndReadAll(
        `SELECT event_id, action, endpoint, method, status_code, response_time, membrane_type, model,
                processing_time, input_tokens, output_tokens, success, cost, error_type, cpu_usage,
                memory_usage, disk_usage, ip_address, user_agent
         FROM events ORDER BY ts`,
      );
      const rows = reader.getRowObjectsJS().map((r) =>
        Object.fromEntries(
          Object.entries(r)
            .filter(([, v]) => v !== null)
            .map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]),
        ),
      );
      assert.deepEqual(rows, [
        {
          event_id: "h-api",
          endpoint: "/x",
          method: "GET",
          status_code: 404,
          response_time: 12.5,
          ip_address: "1.2.3.4",
          user_agent: "ua",
        },
        {
          event_id: "h-cog",
          membrane_type: "grammar",
          model: "m1",
          processing_time: 250,
          input_tokens: 100,
          output_tokens: 50,
          success: false,
          cost: 0.25,
        },
        { event_id: "h-sys", cpu_usage: 55.5, memory_usage: 60, disk_usage: 70.25 },
        { event_id: "h-err", error_type: "TypeError" },
        { event_id: "h-odd" },
      ]);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
