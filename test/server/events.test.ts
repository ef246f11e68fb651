import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestApp, testApp } from "../helpers/test-app.js";

const API = "/api/analytics";
const T0 = Date.UTC(2026, 10, 1, 12, 0, 0);

describe("GET /events", () => {
  let t: TestApp;
  const get = (query: string, key?: string | null) => t.call({ method: "GET", url: `${API}/events?${query}`, key });

  before(async () => {
    // T0 is a fixed date, so the retention window is wide enough to keep it whenever the test runs.
    t = await testApp({ retentionDays: 3650 });
    const events = Array.from({ length: 25 }, (_, i) => ({
      event_type: i % 5 === 0 ? "error" : "user_action",
      ...(i % 5 === 0 ? { error_type: "E", error_message: `m${i}` } : { action: `a${i}` }),
      event_id: `ev-${String(i).padStart(2, "0")}`,
      user_id: i % 2 ? "odd" : "even",
      session_id: i < 10 ? "s-early" : "s-late",
      // Events 20..24 share one timestamp, so paging must break ties by id.
      timestamp: T0 + Math.min(i, 20) * 60_000,
    }));
    const res = await t.call({ method: "POST", url: `${API}/track/batch`, payload: { events } });
    assert.equal(res.statusCode, 201, res.body);
  });
  after(() => t.close());

  const ids = (res: { json(): { events: Array<{ event_id: string }> } }) => res.json().events.map((e) => e.event_id);

  test("newest first, with ISO times and the event's data", async () => {
    const res = await get("limit=3");
    assert.equal(res.statusCode, 200);
    assert.deepEqual(ids(res), ["ev-24", "ev-23", "ev-22"]);
    const e = res.json().events[0];
    assert.equal(e.timestamp, new Date(T0 + 20 * 60_000).toISOString());
    assert.deepEqual(e.data, { action: "a24" });
    assert.equal(e.user_id, "even");
  });

  test("filters by type, user, session and time range (from inclusive, to exclusive)", async () => {
    assert.deepEqual(ids(await get("event_type=error&limit=100")), ["ev-20", "ev-15", "ev-10", "ev-05", "ev-00"]);
    assert.equal((await get("user_id=odd&limit=100")).json().events.length, 12);
    assert.equal((await get("session_id=s-early&limit=100")).json().events.length, 10);
    const from = new Date(T0 + 3 * 60_000).toISOString();
    assert.deepEqual(ids(await get(`from=${from}&to=${T0 + 6 * 60_000}`)), ["ev-05", "ev-04", "ev-03"]);
    assert.deepEqual(ids(await get("event_type=error&user_id=odd&session_id=s-late")), ["ev-15"]);
  });

  test("paging with next_cursor returns every event exactly once", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`limit=4${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...ids(res));
      cursor = res.json().next_cursor;
      pages += 1;
    } while (cursor);
    assert.equal(pages, 7);
    assert.deepEqual(
      seen,
      Array.from({ length: 25 }, (_, i) => `ev-${String(24 - i).padStart(2, "0")}`),
    );
  });

  test("400 for bad queries, naming the parameter", async () => {
    const cases: Array<[string, string]> = [
      ["limit=1001", "limit"],
      ["limit=0", "limit"],
      ["limit=ten", "limit"],
      ["event_type=click", "event_type"],
      ["from=last-week", "from"],
      [`from=${encodeURIComponent("Feb 1, 2026")}`, "from"],
      ["to=2026-02-30T00:00:00Z", "to"],
      [`to=${"9".repeat(400)}`, "to"],
      [`session_id=${"s".repeat(129)}`, "session_id"],
      ["cursor=garbage", "cursor"],
      ["colour=red", "colour"],
    ];
    for (const [query, field] of cases) {
      const res = await get(query);
      assert.equal(res.statusCode, 400, query);
      assert.equal(res.json().details[0].field, field, query);
    }
  });

  test("query times follow the body's time schema: a time without an offset is UTC", async () => {
    const naive = new Date(T0 + 3 * 60_000).toISOString().replace("Z", "");
    assert.deepEqual(ids(await get(`from=${naive}&to=${T0 + 6 * 60_000}`)), ["ev-05", "ev-04", "ev-03"]);
    const micro = `${new Date(T0 + 3 * 60_000).toISOString().replace("Z", "")}999`;
    assert.deepEqual(ids(await get(`from=${micro}&to=${T0 + 5 * 60_000}`)), ["ev-04", "ev-03"]);
    const offset = encodeURIComponent("2026-11-01T13:03:00+01:00");
    assert.deepEqual(ids(await get(`from=${offset}&to=${T0 + 5 * 60_000}`)), ["ev-04", "ev-03"]);
    const bad = await get(`from=${encodeURIComponent("Feb 1, 2026")}`);
    assert.deepEqual(bad.json(), {
      error: "Invalid query",
      details: [{ field: "from", message: "must be ISO 8601 (UTC when it has no offset) or epoch milliseconds" }],
    });
  });

  test("401 without a key, 403 with an ingest-only key", async () => {
    assert.equal((await get("", null)).statusCode, 401);
    const key = (
      await t.call({ method: "POST", url: `${API}/keys`, payload: { name: "w", scopes: ["ingest"] } })
    ).json().key;
    assert.equal((await get("", key)).statusCode, 403);
    const reader = (
      await t.call({ method: "POST", url: `${API}/keys`, payload: { name: "r", scopes: ["read"] } })
    ).json().key;
    assert.equal((await get("limit=1", reader)).statusCode, 200);
  });
});
