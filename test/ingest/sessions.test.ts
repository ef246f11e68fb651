import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Pipeline } from "../../src/ingest/pipeline.js";
import { deriveSession, Sessions } from "../../src/ingest/sessions.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import type { SessionAggregate } from "../../src/store/queries/parts/session-columns.js";
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
