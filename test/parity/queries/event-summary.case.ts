import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { EVENT_TYPES } from "../../../src/model/event-types.js";
import { type EventSummary, eventSummary } from "../../../src/store/queries/event-summary.js";
import { T0 } from "../store-contract.js";
import { DST_SPAN } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { inSpan, tally } from "./oracle.js";

function oracle(
  events: readonly EventRecord[],
  r: { from: number; to: number },
  keep = (_: EventRecord) => true,
): EventSummary {
  const xs = inSpan(events, r).filter(keep);
  const byType = tally(xs.map((e) => e.event_type));
  const distinct = (k: "user_id" | "session_id") => new Set(xs.map((e) => e[k]).filter((v) => v !== null)).size;
  const ts = xs.map((e) => e.timestamp);
  return {
    events: xs.length,
    by_type: Object.fromEntries(EVENT_TYPES.map((t) => [t, byType.get(t) ?? 0])) as EventSummary["by_type"],
    users: distinct("user_id"),
    sessions: distinct("session_id"),
    first_event: ts.length ? Math.min(...ts) : null,
    last_event: ts.length ? Math.max(...ts) : null,
  };
}

export const cases: QueryCase[] = [
  {
    title: "counts by type, distinct users and sessions, time span; an empty range",
    async run(same, events) {
      const feb = { from: T0, to: T0 + 4 * 3_600_000 };
      const [all] = await same("february", eventSummary(feb), [oracle(events, feb)]);
      assert.deepEqual(all?.by_type, {
        user_action: 98,
        api_request: 44,
        cognitive_process: 59,
        system_metric: 20,
        error: 17,
        performance: 11,
        session_start: 18,
        session_end: 8,
      });
      assert.deepEqual([all?.users, all?.sessions], [8, 24]);
      await same("the DST span", eventSummary(DST_SPAN), [oracle(events, DST_SPAN)]);
      const err = { field: "event_type", op: "eq" as const, value: "error" };
      await same("with a filter", eventSummary({ ...feb, filter: err }), [
        oracle(events, feb, (e) => e.event_type === "error"),
      ]);
      const empty = { from: T0 - 10_000, to: T0 - 5_000 };
      const [none] = await same("empty", eventSummary(empty), [oracle(events, empty)]);
      assert.deepEqual([none?.events, none?.first_event, none?.last_event], [0, null, null]);
    },
  },
];
