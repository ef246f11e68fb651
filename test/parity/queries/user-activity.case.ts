import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { type UserActivity, userActivity } from "../../../src/store/queries/user-activity.js";
import { T0 } from "../store-contract.js";
import { DST_SPAN } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { inSpan } from "./oracle.js";

/** Each user's events, sessions and AI runs over a range (users with an event there). */
export function perUser(events: readonly EventRecord[], r: { from: number; to: number }): UserActivity[] {
  const users = new Map<string, EventRecord[]>();
  for (const e of inSpan(events, r)) if (e.user_id !== null) users.set(e.user_id, [...(users.get(e.user_id) ?? []), e]);
  return [...users.entries()].map(([user_id, xs]) => ({
    user_id,
    events: xs.length,
    sessions: new Set(xs.flatMap((e) => (e.session_id === null ? [] : [e.session_id]))).size,
    cognitive_events: xs.filter((e) => e.event_type === "cognitive_process").length,
  }));
}

function oracle(events: readonly EventRecord[], r: { from: number; to: number }, limit: number): UserActivity[] {
  return perUser(events, r)
    .sort((a, b) => b.events - a.events || (a.user_id < b.user_id ? -1 : 1))
    .slice(0, limit);
}

export const cases: QueryCase[] = [
  {
    title: "the most active users with their sessions and AI runs, ties by user id",
    async run(same, events) {
      const feb = { from: T0, to: T0 + 86_400_000 };
      for (const limit of [3, 100])
        await same(`top ${limit}`, userActivity({ ...feb, limit }), oracle(events, feb, limit));
      // Runs i = 0..34 by u(i % 5) in sessions rs-(i % 9): seven runs each, in seven sessions each.
      const rows = await same("the runs' users", userActivity({ ...DST_SPAN, limit: 2 }), oracle(events, DST_SPAN, 2));
      assert.deepEqual(rows, [
        { user_id: "u0", events: 7, sessions: 7, cognitive_events: 7 },
        { user_id: "u1", events: 7, sessions: 7, cognitive_events: 7 },
      ]);
      assert.deepEqual(await same("an empty range", userActivity({ from: 0, to: 1, limit: 5 }), []), []);
    },
  },
];
