import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { ClickHouseClient } from "@clickhouse/client";
import type { EventRecord } from "../../src/model/event.js";
import { openStore } from "../../src/store/open-store.js";
import { runOne } from "../../src/store/port/query-runner.js";
import type { ApiKeyRecord, Store } from "../../src/store/port.js";
import type { EventsPageQuery as EventQuery } from "../../src/store/queries/events-page.js";
import { eventsPage } from "../../src/store/queries/events-page.js";
import type { SessionAggregate } from "../../src/store/queries/parts/session-columns.js";
import { session } from "../../src/store/queries/session.js";
import type { SessionsPageQuery as SessionQuery } from "../../src/store/queries/sessions-page.js";
import { sessionsPage } from "../../src/store/queries/sessions-page.js";
import { type ClickHouseServer, startClickHouse, uniqueDatabase } from "../helpers/clickhouse-server.js";
import { keyRecord } from "../helpers/key-record.js";
import { statsOf } from "../helpers/store-reads.js";
import { tempDir } from "../helpers/test-app.js";
import { alertContract } from "./alert-contract.js";
import { dashboardContract } from "./dashboard-contract.js";
import { buildFixture, oracleEvents, oracleSession, oracleSessions, oracleStats, SESSIONS } from "./fixture.js";
import { governanceContract } from "./governance-contract.js";
import { priceContract } from "./price-contract.js";
import { reportScheduleContract } from "./report-schedule-contract.js";
import { ids, MIN, migrated, pageAll, storeContract, T0 } from "./store-contract.js";

// One private ClickHouse server for this file; every store in it gets a database of its own.
let server: ClickHouseServer;
let dir: { dir: string; remove(): Promise<void> };
const prefix = uniqueDatabase();

before(async () => {
  server = await startClickHouse();
  dir = await tempDir();
});
after(async () => {
  await server?.remove();
  await dir?.remove();
});

const clickhouse = (place: string) => openStore(server.storeUrl(`${prefix}_${place}`), dir.dir);
const duckdb = (place: string) => openStore(`duckdb://${dir.dir}/${place}.duckdb`, dir.dir);

storeContract("clickhouse", clickhouse);
priceContract("clickhouse", clickhouse);
alertContract("clickhouse", clickhouse);
dashboardContract("clickhouse", clickhouse);
governanceContract("clickhouse", clickhouse);
reportScheduleContract("clickhouse", clickhouse);

describe("parity: the same fixture in DuckDB and ClickHouse gives the same answers", () => {
  const fixture = buildFixture();
  let duck: Store;
  let ch: Store;
  /** Asks both engines and the oracle; all three must agree. */
  async function same<T>(what: string, ask: (s: Store) => Promise<T>, expected: T): Promise<T> {
    const [d, c] = await Promise.all([ask(duck), ask(ch)]);
    assert.deepEqual(d, expected, `duckdb: ${what}`);
    assert.deepEqual(c, expected, `clickhouse: ${what}`);
    return c;
  }

  before(async () => {
    duck = await migrated(duckdb, "parity");
    ch = await migrated(clickhouse, "parity");
    // Loaded in uneven batches, as a loader would, with one batch replayed.
    for (const s of [duck, ch]) {
      let at = 0;
      for (let i = 0; i < fixture.length; i += 97) {
        at += 1;
        const batch = fixture.slice(i, i + 97);
        assert.equal(await s.insertEvents(batch, "loader-1", { segment: 1, offset: at * 1000 }), batch.length);
      }
      assert.equal(await s.insertEvents(fixture.slice(97, 194), "loader-1", { segment: 1, offset: at * 1000 }), 0);
    }
  });
  after(async () => {
    await duck?.close();
    await ch?.close();
  });

  test("the fixture is what the pinned values below assume", () => {
    assert.equal(fixture.length, 275);
    assert.equal(new Set(fixture.map((e) => e.event_id)).size, fixture.length);
    assert.equal(new Set(fixture.map((e) => e.session_id).filter(Boolean)).size, SESSIONS);
  });

  test("stats and loader checkpoint", async () => {
    await same("stats", (s) => statsOf(s), oracleStats(fixture));
    await same("stats pinned", (s) => statsOf(s), {
      total_events: 275,
      oldest_event: Date.parse("2026-02-01T00:03:00.000Z"),
      newest_event: Date.parse("2026-02-01T03:16:00.000Z"),
    });
    await same("checkpoint", (s) => s.loaderCheckpoint("loader-1"), { segment: 1, offset: 3000 });
    await same("no checkpoint", (s) => s.loaderCheckpoint("loader-2"), null);
  });

  test("queryEvents: filters, windows and limits", async () => {
    const queries: EventQuery[] = [
      { limit: 1000 },
      { limit: 7 },
      { eventType: "api_request", limit: 1000 },
      { eventType: "cognitive_process", limit: 5 },
      { eventType: "session_end", limit: 1000 },
      { userId: "user-3", limit: 1000 },
      { userId: "user-3", eventType: "user_action", limit: 1000 },
      { sessionId: "sess-07", limit: 1000 },
      { sessionId: "sess-11", eventType: "api_request", limit: 1000 },
      { from: T0 + 60 * MIN, to: T0 + 90 * MIN, limit: 1000 },
      { from: T0 + 60 * MIN, to: T0 + 90 * MIN, eventType: "system_metric", limit: 1000 },
      { to: T0 + 30 * MIN, limit: 1000 },
      { from: T0 + 150 * MIN, limit: 10 },
      { userId: "nobody", limit: 1000 },
    ];
    for (const q of queries)
      await same(`queryEvents ${JSON.stringify(q)}`, (s) => s.run(eventsPage(q)), oracleEvents(fixture, q));

    // Pinned: counts per type over the whole fixture.
    const count = async (q: EventQuery) =>
      (await same(JSON.stringify(q), (s) => s.run(eventsPage(q)), oracleEvents(fixture, q))).length;
    assert.deepEqual(
      {
        api_request: await count({ eventType: "api_request", limit: 1000 }),
        cognitive_process: await count({ eventType: "cognitive_process", limit: 1000 }),
        user_action: await count({ eventType: "user_action", limit: 1000 }),
        session_start: await count({ eventType: "session_start", limit: 1000 }),
        session_end: await count({ eventType: "session_end", limit: 1000 }),
        system_metric: await count({ eventType: "system_metric", limit: 1000 }),
      },
      { api_request: 44, cognitive_process: 59, user_action: 98, session_start: 18, session_end: 8, system_metric: 20 },
    );
    assert.deepEqual(ids(await ch.run(eventsPage({ limit: 3 }))), ["f0235", "f0243", "f0258"]);
    assert.deepEqual(ids(await ch.run(eventsPage({ userId: "user-2", eventType: "session_start", limit: 10 }))), [
      "f0183",
      "f0114",
      "f0028",
    ]);
  });

  test("queryEvents: keyset pages give every row once, in the same order", async () => {
    const all = ids(oracleEvents(fixture, { limit: 1000 }));
    for (const [q, n] of [
      [{ limit: 10 }, 275],
      [{ limit: 33, eventType: "user_action" as const }, 98],
      [{ limit: 4, userId: "user-5", from: T0 + 30 * MIN }, 21],
    ] as const) {
      const expected = ids(oracleEvents(fixture, { ...q, limit: 1000 }));
      assert.equal(expected.length, n);
      const [d, c] = await Promise.all([pageAll(duck, q), pageAll(ch, q)]);
      assert.deepEqual(d.ids, expected, `duckdb pages ${JSON.stringify(q)}`);
      assert.deepEqual(c.ids, expected, `clickhouse pages ${JSON.stringify(q)}`);
      assert.equal(c.pages, Math.ceil(expected.length / q.limit));
    }
    assert.equal(all.length, 275);
  });

  test("getSession: every session, and one that does not exist", async () => {
    for (let s = 0; s < SESSIONS; s++) {
      const id = `sess-${String(s).padStart(2, "0")}`;
      await same(`getSession ${id}`, (st) => runOne(st, session(id)), oracleSession(fixture, id));
    }
    await same("getSession none", (s) => runOne(s, session("sess-99")), null);
    const s0 = (await runOne(ch, session("sess-00"))) as SessionAggregate;
    assert.deepEqual(s0, {
      session_id: "sess-00",
      user_id: "user-0",
      start_time: Date.parse("2026-02-01T00:29:03.000Z"),
      last_activity: Date.parse("2026-02-01T00:38:46.000Z"),
      ended_at: Date.parse("2026-02-01T00:38:46.000Z"),
      ip_address: "10.0.0.1",
      user_agent: null,
      events_count: 13,
      cognitive_processes: 3,
      api_calls: 5,
    });
  });

  test("listSessions: each status, by user, by window, paged", async () => {
    const base: SessionQuery = { activeSince: T0 - 60 * MIN, now: T0 + 150 * MIN, timeoutMs: 30 * MIN, limit: 100 };
    const statuses = { terminated: 0, expired: 0, active: 0 };
    for (const status of ["terminated", "expired", "active"] as const) {
      const q = { ...base, status };
      statuses[status] = (
        await same(`listSessions ${status}`, (s) => s.run(sessionsPage(q)), oracleSessions(fixture, q))
      ).length;
    }
    assert.deepEqual(statuses, { terminated: 8, expired: 9, active: 7 });
    for (const q of [
      base,
      { ...base, userId: "user-2" },
      { ...base, userId: "user-2", status: "expired" as const },
      { ...base, activeSince: T0 + 120 * MIN },
      { ...base, now: T0 + 400 * MIN, status: "active" as const },
      { ...base, now: T0 + 400 * MIN, status: "expired" as const },
      { ...base, limit: 5 },
    ]) {
      await same(`listSessions ${JSON.stringify(q)}`, (s) => s.run(sessionsPage(q)), oracleSessions(fixture, q));
    }
    // Paging by cursor, 5 at a time, on both engines.
    for (const status of [undefined, "expired" as const]) {
      const pages: string[][] = [];
      let after: SessionQuery["after"];
      for (;;) {
        const q: SessionQuery = { ...base, limit: 5, ...(status ? { status } : {}), ...(after ? { after } : {}) };
        const page = await same(
          `sessions page ${JSON.stringify(q)}`,
          (s) => s.run(sessionsPage(q)),
          oracleSessions(fixture, q),
        );
        if (!page.length) break;
        pages.push(page.map((s) => s.session_id));
        const last = page.at(-1) as SessionAggregate;
        after = { at: last.last_activity, id: last.session_id };
      }
      assert.equal(pages.flat().length, status ? 9 : SESSIONS);
      assert.equal(new Set(pages.flat()).size, pages.flat().length);
    }
  });

  test("API keys: the same operations give the same keys", async () => {
    const key = (id: string, created_at: number, scopes: ApiKeyRecord["scopes"]) =>
      keyRecord({ id, created_at, scopes });
    // kb's expiry and origins must survive its revocation (on ClickHouse a revocation rewrites the row).
    const keys = [
      {
        ...key("kb", T0 + 2, ["read"]),
        expires_at: T0 + 60_000,
        allowed_origins: ["https://a.example", "http://b:81"],
      },
      key("ka", T0 + 2, ["ingest", "read"]),
      key("kc", T0 + 1, ["admin"]),
    ];
    for (const s of [duck, ch]) for (const k of keys) await s.insertApiKey(k);
    await same("revoke", (s) => s.revokeApiKey("kb", T0 + 10), true);
    await same("revoke missing", (s) => s.revokeApiKey("zz", T0 + 10), false);
    // Equal creation times are ordered by id.
    await same("listApiKeys", (s) => s.listApiKeys(), [
      keys[2] as ApiKeyRecord,
      keys[1] as ApiKeyRecord,
      { ...(keys[0] as ApiKeyRecord), revoked_at: T0 + 10 },
    ]);
  });

  test("leases: the same sequence gives the same grants", async () => {
    const steps: Array<[string, number]> = [
      ["a", 0],
      ["b", 1],
      ["a", 4_000],
      ["b", 9_999],
      ["b", 14_000],
      ["a", 14_001],
      ["a", 30_000],
    ];
    const run = async (s: Store) => {
      const out: boolean[] = [];
      for (const [holder, at] of steps) out.push(await s.acquireLease("parity-job", holder, 10_000, T0 + at));
      return out;
    };
    await same("lease grants", run, [true, false, true, false, true, false, true]);
  });

  test("retention: deleteEventsBefore removes the same rows on both", async () => {
    const cutoff = T0 + 60 * MIN;
    const gone = fixture.filter((e) => e.timestamp < cutoff).length;
    assert.equal(gone, 106);
    await same("deleteEventsBefore", (s) => s.deleteEventsBefore(cutoff), gone);
    const kept = fixture.filter((e) => e.timestamp >= cutoff);
    await same("stats after retention", (s) => statsOf(s), oracleStats(kept));
    await same(
      "events after retention",
      (s) => s.run(eventsPage({ limit: 1000 })),
      oracleEvents(kept, { limit: 1000 }),
    );
    await same("again", (s) => s.deleteEventsBefore(cutoff), 0);
    // A session cut by retention is aggregated from what is left of it.
    const q: SessionQuery = { activeSince: 0, now: T0 + 150 * MIN, timeoutMs: 30 * MIN, limit: 100 };
    await same("sessions after retention", (s) => s.run(sessionsPage(q)), oracleSessions(kept, q));
  });
});

describe("parity: two ClickHouse nodes over one database", () => {
  let a: Store;
  let b: Store;
  before(async () => {
    a = await migrated(clickhouse, "nodes");
    // The second node migrates the same database too, as every node does at start.
    b = await migrated(clickhouse, "nodes");
  });
  after(async () => {
    await a?.close();
    await b?.close();
  });

  test("racing for a free lease, exactly one node wins each time", async () => {
    for (let round = 0; round < 20; round++) {
      const name = `race-${round}`;
      const [ga, gb] = await Promise.all([
        a.acquireLease(name, "node-a", 10_000, T0),
        b.acquireLease(name, "node-b", 10_000, T0),
      ]);
      assert.equal(Number(ga) + Number(gb), 1, `round ${round}: node-a ${ga}, node-b ${gb}`);
      // And the loser keeps losing until the winner's lease runs out.
      const loser = ga ? b : a;
      assert.equal(await loser.acquireLease(name, ga ? "node-b" : "node-a", 10_000, T0 + 9_999), false);
    }
  });

  test("an event loaded through one node is stored once when the other loads it too", async () => {
    const e: EventRecord = {
      event_id: "both-nodes",
      event_type: "user_action",
      timestamp: T0,
      received_at: T0,
      user_id: "u",
      session_id: null,
      data: { action: "x" },
    };
    const [na, nb] = await Promise.all([
      a.insertEvents([e], "node-a", { segment: 1, offset: 1 }),
      b.insertEvents([{ ...e, timestamp: T0 + 1000 }], "node-b", { segment: 1, offset: 1 }),
    ]);
    assert.ok(na + nb >= 1);
    assert.equal((await statsOf(a)).total_events, 1);
    assert.equal((await b.run(eventsPage({ limit: 10 }))).length, 1);
  });
});

describe("ClickHouse: an insert whose answer was lost", () => {
  let store: Store;
  before(async () => {
    store = await migrated(clickhouse, "lost_answer");
  });
  after(async () => {
    await store?.close();
  });

  /** The client's insert stores its rows, then fails once: the answer lost, or the server killed after the write. */
  function loseNextAnswer(): void {
    const client = (store as unknown as { client: { insert: (args: unknown) => Promise<unknown> } }).client;
    const real = client.insert.bind(client);
    client.insert = async (args) => {
      await real(args);
      client.insert = real;
      throw new Error("socket hang up");
    };
  }

  const batch = (prefix: string, generated: boolean): EventRecord[] =>
    Array.from({ length: 50 }, (_, i) => ({
      event_id: `${prefix}-${i}`,
      event_type: "user_action",
      timestamp: T0 + i * 1000,
      received_at: T0 + i * 1000,
      user_id: null,
      session_id: null,
      data: { action: "x" },
      ...(generated ? { id_generated: true as const } : {}),
    }));

  test("the retry stores nothing twice, server-made ids included", async () => {
    const events = batch("lost", true);
    loseNextAnswer();
    await assert.rejects(store.insertEvents(events, "n1", { segment: 1, offset: 10 }), /socket hang up/);
    assert.equal(await store.insertEvents(events, "n1", { segment: 1, offset: 10 }), 0);
    assert.equal((await statsOf(store)).total_events, 50);
    // Once an insert has gone through, ids the server made up are no longer looked for.
    assert.equal(await store.insertEvents(batch("next", true), "n1", { segment: 1, offset: 20 }), 50);
  });

  test("rows whose event_ids entries were lost are indexed again, so a later client retry is still recognised", async () => {
    const events = batch("unindexed", false);
    loseNextAnswer();
    await assert.rejects(store.insertEvents(events, "n1", { segment: 1, offset: 30 }), /socket hang up/);
    // As if the server died between writing the events and feeding the event_ids view.
    const client = (store as unknown as { client: ClickHouseClient }).client;
    await client.command({ query: "ALTER TABLE event_ids DELETE WHERE event_id LIKE 'unindexed-%'" });
    const pending = async () => {
      const r = await client.query({
        query: "SELECT count() AS n FROM system.mutations WHERE database = currentDatabase() AND is_done = 0",
        format: "JSONEachRow",
      });
      return Number(((await r.json()) as Array<{ n: string }>)[0]?.n);
    };
    while ((await pending()) > 0) await sleep(50);
    assert.equal(await store.insertEvents(events, "n1", { segment: 1, offset: 30 }), 0);
    const later = events.map((e) => ({ ...e, timestamp: e.timestamp + 3_600_000 }));
    assert.equal(await store.insertEvents(later, "n1", { segment: 1, offset: 40 }), 0);
    assert.equal((await statsOf(store)).total_events, 150);
  });
});
