import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Pipeline } from "../../src/ingest/pipeline.js";
import { deriveSession, Sessions } from "../../src/ingest/sessions.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { eventsPage } from "../../src/store/queries/events-page.js";
import type { SessionAggregate } from "../../src/store/queries/parts/session-columns.js";
import { type TestApp, testApp } from "../helpers/test-app.js";
import { ev } from "../parity/store-contract.js";

const T0 = Date.parse("2026-02-01T10:00:00.000Z");
const MIN = 60_000;
const TIMEOUT = 30 * MIN;

const base: SessionAggregate = {
  session_id: "s1",
  user_id: "u1",
  start_time: T0,
  last_activity: T0 + 12 * MIN,
  ended_at: null,
  ip_address: "10.0.0.1",
  user_agent: "Firefox",
  events_count: 7,
  cognitive_processes: 3,
  api_calls: 2,
};

describe("deriveSession", () => {
  test("active: idle for less than the timeout; no end time, duration up to the last activity", () => {
    assert.deepEqual(deriveSession(base, T0 + 20 * MIN, TIMEOUT), {
      session_id: "s1",
      user_id: "u1",
      status: "active",
      start_time: "2026-02-01T10:00:00.000Z",
      last_activity: "2026-02-01T10:12:00.000Z",
      end_time: null,
      duration_seconds: 720,
      ip_address: "10.0.0.1",
      user_agent: "Firefox",
      events_count: 7,
      cognitive_processes: 3,
      api_calls: 2,
    });
  });

  test("idle for exactly the timeout is still active; one millisecond more is expired", () => {
    assert.equal(deriveSession(base, T0 + 42 * MIN, TIMEOUT).status, "active");
    const expired = deriveSession(base, T0 + 42 * MIN + 1, TIMEOUT);
    assert.equal(expired.status, "expired");
    // An expired session ended at its last activity, however long ago that was.
    assert.equal(expired.end_time, "2026-02-01T10:12:00.000Z");
    assert.equal(expired.duration_seconds, 720);
    assert.equal(deriveSession(base, T0 + 30 * 24 * 60 * MIN, TIMEOUT).duration_seconds, 720);
  });

  test("terminated: it has an end; the end time and duration come from it", () => {
    const ended = { ...base, last_activity: T0 + 95 * MIN + 500, ended_at: T0 + 95 * MIN + 500 };
    const view = deriveSession(ended, T0 + 200 * MIN, TIMEOUT);
    assert.equal(view.status, "terminated");
    assert.equal(view.end_time, "2026-02-01T11:35:00.500Z");
    assert.equal(view.duration_seconds, 5700.5);
  });

  test("terminated wins over the timeout, even with the end long ago", () => {
    const ended = { ...base, ended_at: T0 + 5 * MIN, last_activity: T0 + 5 * MIN };
    const view = deriveSession(ended, T0 + 1000 * MIN, TIMEOUT);
    assert.equal(view.status, "terminated");
    assert.equal(view.duration_seconds, 300);
  });

  test("the timeout is a parameter", () => {
    assert.equal(deriveSession(base, T0 + 20 * MIN, 5 * MIN).status, "expired");
    assert.equal(deriveSession(base, T0 + 20 * MIN, 10 * MIN).status, "active");
  });

  test("a session with one event lasts zero seconds; missing ids stay null", () => {
    const single = {
      ...base,
      user_id: null,
      ip_address: null,
      user_agent: null,
      last_activity: T0,
      events_count: 1,
      cognitive_processes: 0,
      api_calls: 0,
    };
    const view = deriveSession(single, T0 + MIN, TIMEOUT);
    assert.equal(view.status, "active");
    assert.equal(view.duration_seconds, 0);
    assert.equal(view.user_id, null);
    assert.equal(view.ip_address, null);
    assert.equal(view.user_agent, null);
  });

  test("a client clock that put the end before the start gives zero, never a negative duration", () => {
    const odd = { ...base, start_time: T0, last_activity: T0, ended_at: T0 - 10_000 };
    assert.equal(deriveSession(odd, T0, TIMEOUT).duration_seconds, 0);
  });
});

describe("ending a session: exactly one end wins", () => {
  const API = "/api/analytics";
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => {
    await t.close();
  });

  const startSession = async (session_id: string) => {
    const res = await t.call({
      method: "POST",
      url: `${API}/session/start`,
      payload: { session_id, user_id: "u-end" },
    });
    assert.equal(res.statusCode, 201);
  };
  const endOverHttp = (id: string) => t.call({ method: "POST", url: `${API}/session/${id}/end` });
  const batch = (events: unknown[]) => t.call({ method: "POST", url: `${API}/track/batch`, payload: { events } });
  const storedEnds = async (sessionId: string) => {
    await t.service.pipeline.drain();
    return t.service.store.run(eventsPage({ eventType: "session_end", sessionId, limit: 100 }));
  };

  test("10 parallel ends on one node: one 200, nine 409, one session_end event stored", async () => {
    await startSession("s-parallel");
    const answers = await Promise.all(Array.from({ length: 10 }, () => endOverHttp("s-parallel")));
    assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    assert.deepEqual(answers.find((a) => a.statusCode === 200)?.json(), { status: "session_ended" });
    for (const a of answers.filter((x) => x.statusCode === 409)) {
      assert.deepEqual(a.json(), { error: "Session already ended" });
    }
    const ends = await storedEnds("s-parallel");
    assert.equal(ends.length, 1);
    assert.equal(ends[0]?.user_id, "u-end");
    assert.equal(ends[0]?.data.events_count, 0, "session_start itself is not counted");
    assert.equal((await t.service.getSession("s-parallel"))?.status, "terminated");
  });

  test("a retry after a crash between winning the claim and logging the end still ends the session", async () => {
    await startSession("s-crashed");
    // The crashed attempt won the claim under this node's id and logged nothing.
    assert.equal(await t.service.store.acquireLease("session-end:s-crashed", t.service.node, 60_000, Date.now()), true);
    assert.equal((await endOverHttp("s-crashed")).statusCode, 200);
    assert.equal((await storedEnds("s-crashed")).length, 1);
    assert.equal((await endOverHttp("s-crashed")).statusCode, 409);
  });

  test("a session whose end another node has claimed is not ended here", async () => {
    await startSession("s-elsewhere");
    assert.equal(await t.service.store.acquireLease("session-end:s-elsewhere", "other-node", 60_000, Date.now()), true);
    const res = await endOverHttp("s-elsewhere");
    assert.equal(res.statusCode, 409);
    assert.deepEqual(res.json(), { error: "Session already ended" });
    assert.equal((await storedEnds("s-elsewhere")).length, 0);
  });

  test("an unknown session is 404 and gets no end", async () => {
    const res = await endOverHttp("s-never-started");
    assert.equal(res.statusCode, 404);
    assert.deepEqual(res.json(), { error: "Session not found" });
    assert.equal((await storedEnds("s-never-started")).length, 0);
  });

  test("a batch may start, use and end a session", async () => {
    const res = await batch([
      { event_type: "session_start", session_id: "s-batch", user_id: "u-b", event_id: "b-start" },
      { event_type: "user_action", session_id: "s-batch", action: "click", event_id: "b-click" },
      { event_type: "session_end", session_id: "s-batch", reason: "logout", event_id: "b-end" },
    ]);
    assert.equal(res.statusCode, 201);
    assert.deepEqual(res.json(), {
      accepted: [
        { index: 0, event_id: "b-start" },
        { index: 1, event_id: "b-click" },
        { index: 2, event_id: "b-end" },
      ],
      rejected: [],
    });
    const [end] = await storedEnds("s-batch");
    assert.equal(end?.event_id, "b-end");
    assert.equal(end?.user_id, "u-b");
    assert.equal(end?.data.reason, "logout");
    assert.equal(end?.data.events_count, 1);
    assert.equal((await t.service.getSession("s-batch"))?.status, "terminated");
  });

  test("a batch resent as it was (same event ids) is accepted again and stores its end once", async () => {
    const events = [
      { event_type: "session_start", session_id: "s-resent", event_id: "r-start" },
      { event_type: "session_end", session_id: "s-resent", event_id: "r-end" },
    ];
    const first = await batch(events);
    const again = await batch(events);
    for (const res of [first, again]) {
      assert.equal(res.statusCode, 201);
      assert.deepEqual(res.json(), {
        accepted: [
          { index: 0, event_id: "r-start" },
          { index: 1, event_id: "r-end" },
        ],
        rejected: [],
      });
    }
    assert.deepEqual(
      (await storedEnds("s-resent")).map((e) => e.event_id),
      ["r-end"],
    );
    // Another end of it, with another id, is refused.
    const other = await batch([{ event_type: "session_end", session_id: "s-resent", event_id: "r-end-2" }]);
    assert.equal(other.statusCode, 400);
    assert.equal((await storedEnds("s-resent")).length, 1);
  });

  test("a batch cannot end an unknown or ended session, nor one session twice: those items are rejected by index", async () => {
    await startSession("s-twice");
    await startSession("s-done");
    assert.equal((await endOverHttp("s-done")).statusCode, 200);
    const res = await batch([
      { event_type: "session_end", session_id: "s-unknown" },
      { event_type: "user_action", action: "kept", event_id: "b-kept" },
      { event_type: "session_end", session_id: "s-done" },
      { event_type: "session_end", session_id: "s-twice", event_id: "b-twice-1" },
      { event_type: "session_end", session_id: "s-twice", event_id: "b-twice-2" },
    ]);
    assert.equal(res.statusCode, 201);
    const body = res.json() as { accepted: Array<{ index: number }>; rejected: Array<{ index: number }> };
    const won = body.accepted.find((a) => a.index >= 3);
    assert.ok(won);
    const lost = won.index === 3 ? 4 : 3;
    assert.deepEqual(body.accepted, [{ index: 1, event_id: "b-kept" }, won]);
    assert.deepEqual(
      body.rejected,
      [
        { index: 0, errors: [{ field: "session_id", message: "no such session: start it before ending it" }] },
        { index: 2, errors: [{ field: "session_id", message: "the session has already ended" }] },
        { index: lost, errors: [{ field: "session_id", message: "the session has already ended" }] },
      ].sort((a, b) => a.index - b.index),
    );
    assert.equal((await storedEnds("s-unknown")).length, 0);
    assert.equal((await storedEnds("s-done")).length, 1);
    assert.equal((await storedEnds("s-twice")).length, 1);
  });

  test("a batch of nothing but a refused end is a 400 naming the item", async () => {
    const res = await batch([{ event_type: "session_end", session_id: "s-nobody" }]);
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), {
      error: "No event in the batch is valid",
      details: [{ field: "events.0.session_id", message: "no such session: start it before ending it" }],
    });
  });

  test("the library's trackBatch refuses the same ends, naming camelCase fields", async () => {
    const r = await t.service.trackBatch([{ eventType: "session_end", sessionId: "s-lib-unknown" }]);
    assert.deepEqual(r, {
      accepted: [],
      rejected: [{ index: 0, errors: [{ field: "sessionId", message: "no such session: start it before ending it" }] }],
    });
  });

  test("while the store cannot answer, an end is 503 (single) or a rejected item (batch), and nothing is ended", async () => {
    await startSession("s-outage");
    const store = t.service.store;
    const run = store.run;
    store.run = () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:8123"));
    try {
      const single = await endOverHttp("s-outage");
      assert.equal(single.statusCode, 503);
      assert.equal(single.headers["retry-after"], "2");
      assert.deepEqual(single.json(), {
        error: "The store is unavailable, so the session's end cannot be decided now",
      });
      const res = await batch([
        { event_type: "user_action", action: "kept", event_id: "b-outage-kept" },
        { event_type: "session_end", session_id: "s-outage" },
      ]);
      assert.equal(res.statusCode, 201);
      assert.deepEqual(res.json().rejected, [
        {
          index: 1,
          errors: [
            {
              field: "session_id",
              message: "the session cannot be checked while the store is unavailable; send this end again later",
            },
          ],
        },
      ]);
    } finally {
      store.run = run;
    }
    assert.equal((await storedEnds("s-outage")).length, 0);
    assert.equal((await endOverHttp("s-outage")).statusCode, 200);
  });
});

describe("Sessions.list", () => {
  test("pages sessions through the sessions-page query; waits for the loader only when asked to be fresh", async () => {
    const store = await DuckDbStore.open(":memory:");
    await store.migrate();
    const drains: number[] = [];
    const pipeline = { drain: async () => void drains.push(1) } as unknown as Pipeline;
    try {
      await store.insertEvents(
        [
          ev("s1-a", "session_start", T0, { user: "u1", session: "s1" }),
          ev("s2-a", "user_action", T0 + MIN, { user: "u2", session: "s2" }),
        ],
        "n",
        { segment: 1, offset: 1 },
      );
      const sessions = new Sessions(pipeline, store, TIMEOUT);
      const q = { activeSince: T0, now: T0 + 2 * MIN, timeoutMs: TIMEOUT, limit: 10 };
      const page = await sessions.list(q, { fresh: false });
      assert.deepEqual(
        page.map((s) => [s.session_id, s.user_id, s.events_count]),
        [
          ["s2", "u2", 1],
          ["s1", "u1", 0],
        ],
      );
      assert.equal(drains.length, 0);
      assert.deepEqual(
        (await sessions.list({ ...q, limit: 1 }, { fresh: true })).map((s) => s.session_id),
        ["s2"],
      );
      assert.equal(drains.length, 1);
    } finally {
      await store.close();
    }
  });
});
