import type { BatchEvent } from "../../src/service.js";
import type { TestApp } from "../helpers/test-app.js";

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
const MIN = 60_000;

/**
 * A UTC Monday midnight at least 45 days ago: the fixture's day 0. Its days are fixed relative to it
 * (so every figure is the same whatever the date), and it lies well within the retention window.
 */
export function mondayBase(now = Date.now()): number {
  const day = Math.floor((now - 45 * DAY) / DAY);
  return (day - ((day + 3) % 7)) * DAY;
}

/** The fixture's period: days 0 to 30 of the base (744 hours). */
export const periodOf = (base: number) => ({
  from: new Date(base).toISOString(),
  to: new Date(base + 31 * DAY).toISOString(),
});

export const SCRIPT_ERROR = "<script>alert(1)</script>";

/**
 * The reports' fixture, at `base` (a Monday):
 * - 100 API requests on day 0 from 12:00, one a second, with response times 1..100 ms: odd ones on
 *   /a, even ones on /b; the last two answered 503;
 * - one error event whose type is a script tag and whose message holds HTML;
 * - two AI runs (memory, m1): 100 and 300 ms, one succeeds, each sent a cost of 0.01;
 * - four users: alice (first seen day 0, session s1 of 2 min, back on days 1 and 7), bob (day 0, s2
 *   of 10 min, back on day 30), carol (day 1, s3 of 30 min, back on day 2), dave (first seen 3 days
 *   before, s4 of a single event on day 0): so sessions of 2, 10, 30 and 0 minutes.
 */
export function fixtureEvents(base: number): BatchEvent[] {
  const out: BatchEvent[] = [];
  for (let i = 1; i <= 100; i++) {
    out.push({
      eventType: "api_request",
      timestamp: base + 12 * HOUR + i * 1000,
      endpoint: i % 2 ? "/a" : "/b",
      method: "GET",
      statusCode: i >= 99 ? 503 : 200,
      responseTime: i,
    });
  }
  out.push({
    eventType: "error",
    timestamp: base + 12 * HOUR + 200_000,
    errorType: SCRIPT_ERROR,
    errorMessage: "boom <b>bold</b>",
  });
  for (const [k, t] of [
    [0, 100],
    [1, 300],
  ] as const) {
    out.push({
      eventType: "cognitive_process",
      timestamp: base + 13 * HOUR + k * MIN,
      membraneType: "memory",
      model: "m1",
      processingTime: t,
      success: k === 0,
      inputTokens: 10,
      outputTokens: 5,
      cost: 0.01,
    });
  }
  const act = (user: string, at: number, action: string, session?: string): BatchEvent => ({
    eventType: "user_action",
    timestamp: at,
    userId: user,
    action,
    ...(session ? { sessionId: session } : {}),
  });
  out.push(
    act("alice", base + 10 * HOUR, "search", "s1"),
    act("alice", base + 10 * HOUR + 2 * MIN, "click", "s1"),
    act("alice", base + DAY + 9 * HOUR, "view"),
    act("alice", base + 7 * DAY + 9 * HOUR, "click"),
    act("bob", base + 10 * HOUR, "click", "s2"),
    act("bob", base + 10 * HOUR + 10 * MIN, "click", "s2"),
    act("bob", base + 30 * DAY + 9 * HOUR, "view"),
    act("carol", base + DAY + 10 * HOUR, "search", "s3"),
    act("carol", base + DAY + 10 * HOUR + 30 * MIN, "click", "s3"),
    act("carol", base + 2 * DAY + 9 * HOUR, "view"),
    act("dave", base - 3 * DAY + 9 * HOUR, "view"),
    act("dave", base + 11 * HOUR, "click", "s4"),
  );
  return out;
}

/** Stores events through the library and waits until the store has them. */
export async function load(t: TestApp, events: BatchEvent[]): Promise<void> {
  const r = await t.service.trackBatch(events);
  if (r.rejected.length) throw new Error(`fixture rejected: ${JSON.stringify(r.rejected)}`);
  await t.service.pipeline.drain(30_000);
}

/** 100 API requests on /r over the two minutes before `now`, with response times 1..100 ms (p95 95.05). */
export function recentRequests(now = Date.now()): BatchEvent[] {
  return Array.from({ length: 100 }, (_, i) => ({
    eventType: "api_request" as const,
    endpoint: "/r",
    method: "GET",
    statusCode: 200,
    responseTime: i + 1,
    timestamp: now - 120_000 + i * 1000,
  }));
}
