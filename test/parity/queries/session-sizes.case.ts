import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { SESSION_SIZE_BOUNDS, type SessionSizeClass, sessionSizes } from "../../../src/store/queries/session-sizes.js";
import type { Filter } from "../../../src/store/sql/filter.js";
import { T0 } from "../store-contract.js";
import { DST_SPAN } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { inSpan, matches, tally } from "./oracle.js";

type Spec = { from: number; to: number; filter?: Filter };

function oracle(events: readonly EventRecord[], spec: Spec): SessionSizeClass[] {
  const sizes = tally(
    inSpan(events, spec)
      .filter((e) => e.session_id !== null && (!spec.filter || matches(e, spec.filter)))
      .map((e) => e.session_id),
  );
  const classes = tally(
    [...sizes.values()].map((n) => {
      const i = SESSION_SIZE_BOUNDS.findIndex((b) => n <= b);
      return i < 0 ? SESSION_SIZE_BOUNDS.length : i;
    }),
  );
  return [...classes.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([i, sessions]) => ({ upper: SESSION_SIZE_BOUNDS[i] ?? null, sessions }));
}

export const cases: QueryCase[] = [
  {
    title: "sessions by events per session, in size classes",
    async run(same, events) {
      // The 35 runs of the span cycle over 9 sessions: 4 or 3 runs each, so all in the 2–5 class.
      const runs: Spec = DST_SPAN;
      assert.deepEqual(await same("runs", sessionSizes(runs), oracle(events, runs)), [{ upper: 5, sessions: 9 }]);
      const fixture: Spec = { from: T0 - 86_400_000, to: T0 + 30 * 86_400_000 };
      await same("the shared fixture", sessionSizes(fixture), oracle(events, fixture));
      const memory: Spec = { ...DST_SPAN, filter: { field: "membrane_type", op: "eq", value: "memory" } };
      await same("memory runs", sessionSizes(memory), oracle(events, memory));
    },
  },
];
