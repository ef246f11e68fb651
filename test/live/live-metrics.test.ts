import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { LiveMetrics } from "../../src/live/live-metrics.js";
import { RELATIVE_ACCURACY } from "../../src/live/sketch.js";
import type { EventRecord } from "../../src/model/event.js";
import type { EventType } from "../../src/model/event-types.js";

/** A whole minute, so that slot boundaries are easy to reason about. */
const T0 = 1_800_000_000_000;
const MIN = 60_000;

let n = 0;
function ev(type: EventType, ts: number, data: Record<string, unknown> = {}, user: string | null = null): EventRecord {
  n += 1;
  return { event_id: `e${n}`, event_type: type, timestamp: ts, received_at: ts, user_id: user, session_id: null, data };
}
const cognitive = (ts: number, pt: number, success: boolean, membrane: string, user: string, model?: string) =>
  ev(
    "cognitive_process",
    ts,
    { processing_time: pt, success, membrane_type: membrane, input_tokens: 100, output_tokens: 40, model },
    user,
  );
const api = (ts: number, rt: number, user: string | null, status = 200) =>
  ev("api_request", ts, { endpoint: "/x", method: "GET", status_code: status, response_time: rt }, user);

function clock(start: number) {
  const c = { t: start, now: () => c.t };
  return c;
}

function near(actual: number | null, expected: number, what: string): void {
  assert.ok(actual !== null, `${what}: null`);
  assert.ok(Math.abs(actual - expected) <= RELATIVE_ACCURACY * expected, `${what}: ${actual} vs ${expected}`);
}

describe("LiveMetrics", () => {
  test("the first version's worked example, in the 60-minute window", () => {
    const c = clock(T0);
    const live = new LiveMetrics(c.now);
    const t = T0 - 10_000;
    live.feed([
      cognitive(t, 10, true, "memory", "u1"),
      cognitive(t, 30, false, "reasoning", "u2"),
      ev("error", t, { error_type: "E", error_message: "m" }),
      api(t, 100, "u1"),
      api(t, 200, "u1"),
    ]);
    const w = live.snapshot()["60m"];
    assert.equal(w.events, 5);
    assert.equal(w.active_users, 2);
    assert.equal(w.events_per_minute, 5 / 60);
    assert.equal(w.errors.error_event_rate, 20);
    assert.equal(w.response_time.avg, 150);
    near(w.response_time.p95, 195, "p95 response time");
    assert.equal(w.cognitive.processing_time.avg, 20);
    assert.equal(w.cognitive.success_rate, 50);
    assert.deepEqual(
      w.by_membrane_type.map((g) => [g.membrane_type, g.runs, g.share]),
      [
        ["memory", 1, 50],
        ["reasoning", 1, 50],
      ],
    );
  });

  test("every figure of a mixed load, against values worked out by hand", () => {
    const c = clock(T0);
    const live = new LiveMetrics(c.now);
    const t = T0 - 30_000;
    const times = Array.from({ length: 100 }, (_, i) => i + 1);
    live.feed(times.map((rt, i) => api(t, rt, `u${i % 4}`, i < 3 ? 503 : i < 5 ? 404 : 200)));
    live.feed([
      cognitive(t, 10, true, "memory", "u0", "gpt-4"),
      cognitive(t, 20, true, "memory", "u9", "claude"),
      cognitive(t, 30, false, "reasoning", "u0", "gpt-4"),
      cognitive(t, 40, true, "grammar", "u0"),
      ev("error", t, { error_type: "E", error_message: "m" }),
      ev("error", t, { error_type: "E", error_message: "m" }),
      ev("user_action", t, { action: "click" }, "u8"),
    ]);
    const w = live.snapshot()["1m"];
    assert.equal(w.events, 107);
    assert.deepEqual(w.events_by_type, {
      user_action: 1,
      api_request: 100,
      cognitive_process: 4,
      system_metric: 0,
      error: 2,
      performance: 0,
      session_start: 0,
      session_end: 0,
    });
    assert.equal(w.events_per_minute, 107);
    assert.equal(w.events_per_minute_by_type.api_request, 100);
    assert.deepEqual(w.throughput, {
      events_per_minute: 107,
      events_per_hour: 6420,
      api_requests_per_minute: 100,
      api_requests_per_hour: 6000,
    });
    assert.equal(w.active_users, 6); // u0..u3, u8, u9
    assert.equal(w.active_users_capped, false);
    assert.equal(w.api_requests, 100);
    assert.equal(w.response_time.samples, 100);
    assert.equal(w.response_time.avg, 50.5);
    // numpy: np.percentile(range(1, 101), [50, 95, 99]) = 50.5, 95.05, 99.01
    near(w.response_time.p50, 50.5, "p50");
    near(w.response_time.p95, 95.05, "p95");
    near(w.response_time.p99, 99.01, "p99");
    assert.deepEqual(w.errors, {
      error_events: 2,
      server_errors: 3,
      error_event_rate: (2 / 107) * 100,
      server_error_rate: 3,
      combined_error_rate: (5 / 107) * 100,
    });
    assert.equal(w.cognitive.runs, 4);
    assert.equal(w.cognitive.successes, 3);
    assert.equal(w.cognitive.success_rate, 75);
    assert.equal(w.cognitive.processing_time.avg, 25);
    // numpy: np.percentile([10, 20, 30, 40], 95) = 38.5
    near(w.cognitive.processing_time.p95, 38.5, "cognitive p95");
    assert.equal(w.cognitive.input_tokens_per_minute, 400);
    assert.equal(w.cognitive.output_tokens_per_minute, 160);
    assert.deepEqual(w.by_model, [
      { model: "gpt-4", runs: 2, share: 50, success_rate: 50, input_tokens: 200, output_tokens: 80 },
      { model: "claude", runs: 1, share: 25, success_rate: 100, input_tokens: 100, output_tokens: 40 },
      { model: null, runs: 1, share: 25, success_rate: 100, input_tokens: 100, output_tokens: 40 },
    ]);
    assert.deepEqual(
      w.by_membrane_type.map((g) => [g.membrane_type, g.runs]),
      [
        ["memory", 2],
        ["grammar", 1],
        ["reasoning", 1],
      ],
    );
    // The 5-minute window holds the same events, at a fifth of the rate.
    assert.equal(live.snapshot()["5m"].events_per_minute, 107 / 5);
  });

  test("windows age with the clock, without any new event", () => {
    const c = clock(T0);
    const live = new LiveMetrics(c.now);
    live.feed([api(T0 - 500, 10, "u1")]);
    const count = () => Object.values(live.snapshot()).map((w) => w.events);
    assert.deepEqual(count(), [1, 1, 1, 1]);
    // A window is its 60 newest slots (the current one partly): the event's second, the one before
    // T0, is the oldest slot until the clock enters T0 + 59 s.
    c.t = T0 + 58_999;
    assert.deepEqual(count(), [1, 1, 1, 1]);
    c.t = T0 + 59_000;
    assert.deepEqual(count(), [0, 1, 1, 1]);
    c.t = T0 + 5 * MIN;
    assert.deepEqual(count(), [0, 0, 1, 1]);
    c.t = T0 + 15 * MIN;
    assert.deepEqual(count(), [0, 0, 0, 1]);
    c.t = T0 + 60 * MIN;
    assert.deepEqual(count(), [0, 0, 0, 0]);
    const w = live.snapshot()["60m"];
    assert.equal(w.active_users, 0);
    assert.equal(w.response_time.p95, null);
    assert.equal(w.errors.error_event_rate, null);
  });

  test("a late event counts by its own time: in the windows it still falls in, and ages from there", () => {
    const c = clock(T0);
    const live = new LiveMetrics(c.now);
    live.feed([api(T0 - 3 * MIN, 10, "late")]);
    let s = live.snapshot();
    assert.deepEqual([s["1m"].events, s["5m"].events, s["15m"].events, s["60m"].events], [0, 1, 1, 1]);
    c.t = T0 + 2 * MIN; // five minutes after its own time
    s = live.snapshot();
    assert.deepEqual([s["1m"].events, s["5m"].events, s["15m"].events, s["60m"].events], [0, 0, 1, 1]);
  });

  test("an event older than 60 minutes is ignored by every window; one from the future counts now", () => {
    const c = clock(T0);
    const live = new LiveMetrics(c.now);
    live.feed([api(T0 - 61 * MIN, 10, "old"), api(T0 + 10 * MIN, 20, "ahead")]);
    const s = live.snapshot();
    assert.deepEqual([s["1m"].events, s["60m"].events], [1, 1]);
    assert.equal(s["60m"].response_time.avg, 20);
    c.t = T0 + MIN;
    assert.equal(live.snapshot()["1m"].events, 0);
  });

  test("a retry of an acknowledged client-chosen id is counted once; generated ids are never compared", () => {
    const live = new LiveMetrics(() => T0);
    const e = api(T0 - 1000, 10, "u");
    live.feed([e]);
    live.feed([{ ...e }]);
    live.feed([
      { ...e, event_id: "g", id_generated: true },
      { ...e, event_id: "g", id_generated: true },
    ]);
    assert.equal(live.snapshot()["1m"].events, 3);
    assert.equal(live.fed, 3);
  });

  test("past the caps: users stop being tracked (flagged), further models count as (other)", () => {
    const live = new LiveMetrics(() => T0, { users: 2, groups: 2 });
    const t = T0 - 1000;
    live.feed([
      cognitive(t, 1, true, "m1", "a", "x"),
      cognitive(t, 1, true, "m2", "b", "y"),
      cognitive(t, 1, true, "m3", "c", "z"),
      cognitive(t, 1, true, "m1", "a", "x"),
    ]);
    const w = live.snapshot()["1m"];
    assert.equal(w.active_users, 2);
    assert.equal(w.active_users_capped, true);
    assert.deepEqual(
      w.by_model.map((g) => [g.model, g.runs]),
      [
        ["x", 2],
        ["(other)", 1],
        ["y", 1],
      ],
    );
    assert.equal(w.cognitive.runs, 4);
  });
});
