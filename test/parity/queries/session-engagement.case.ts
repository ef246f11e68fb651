import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { type SessionEngagement, sessionEngagement } from "../../../src/store/queries/session-engagement.js";
import { T0 } from "../store-contract.js";
import { DST_SPAN } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { inSpan } from "./oracle.js";

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

function oracle(events: readonly EventRecord[], r: { from: number; to: number }): SessionEngagement {
  const bySession = new Map<string, EventRecord[]>();
  for (const e of inSpan(events, r)) {
    if (e.session_id !== null) bySession.set(e.session_id, [...(bySession.get(e.session_id) ?? []), e]);
  }
  const sessions = [...bySession.values()];
  const times = (xs: EventRecord[]) => xs.map((e) => e.timestamp);
  return {
    sessions: sessions.length,
    events_per_session: mean(
      sessions.map((xs) => xs.filter((e) => e.event_type !== "session_start" && e.event_type !== "session_end").length),
    ),
    session_duration_ms: mean(sessions.map((xs) => Math.max(...times(xs)) - Math.min(...times(xs)))),
    cognitive_per_session: mean(sessions.map((xs) => xs.filter((e) => e.event_type === "cognitive_process").length)),
  };
}

export const cases: QueryCase[] = [
  {
    title: "events, span and AI runs per session, averaged over the sessions of a range",
    async run(same, events) {
      const feb = { from: T0, to: T0 + 86_400_000 };
      await same("the shared fixture's sessions", sessionEngagement(feb), [oracle(events, feb)]);
      // Runs i = 0..34 every 90 minutes in sessions rs-(i % 9): rs-0..rs-7 hold 4 runs spanning
      // 27 × 90 min = 40.5 h, rs-8 holds 3 spanning 27 h; the mean span is 39 h.
      const [dst] = await same("the cognitive runs' sessions", sessionEngagement(DST_SPAN), [oracle(events, DST_SPAN)]);
      assert.deepEqual(dst, {
        sessions: 9,
        events_per_session: 35 / 9,
        session_duration_ms: 39 * 3_600_000,
        cognitive_per_session: 35 / 9,
      });
      const empty = { from: DST_SPAN.to, to: DST_SPAN.to + 1000 };
      const nothing = { sessions: 0, events_per_session: null, session_duration_ms: null, cognitive_per_session: null };
      assert.deepEqual(await same("an empty range", sessionEngagement(empty), [nothing]), [nothing]);
    },
  },
];
