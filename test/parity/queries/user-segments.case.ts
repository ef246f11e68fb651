import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { type UserSegments, userSegments } from "../../../src/store/queries/user-segments.js";
import { T0 } from "../store-contract.js";
import { DST_SPAN } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { perUser } from "./user-activity.case.js";

function oracle(
  events: readonly EventRecord[],
  r: { from: number; to: number; minEvents: number; minCognitiveShare: number },
): UserSegments {
  const users = perUser(events, r);
  return {
    users: users.length,
    high_engagement: users.filter((u) => u.events > r.minEvents).length,
    cognitive_power: users.filter((u) => u.cognitive_events > r.minCognitiveShare * u.events).length,
  };
}

export const cases: QueryCase[] = [
  {
    title: "users above an event count and above a share of AI runs",
    async run(same, events) {
      for (const [minEvents, minCognitiveShare] of [
        [5, 0.3],
        [10, 0.5],
        [0, 0],
      ] as const) {
        const spec = { from: T0, to: T0 + 86_400_000, minEvents, minCognitiveShare };
        await same(JSON.stringify(spec), userSegments(spec), [oracle(events, spec)]);
      }
      // u0..u4 each ran AI seven times in the span, and did nothing else.
      const spec = { ...DST_SPAN, minEvents: 6, minCognitiveShare: 0.5 };
      const [s] = await same("the runs' users", userSegments(spec), [oracle(events, spec)]);
      assert.deepEqual(s, { users: 5, high_engagement: 5, cognitive_power: 5 });
      const none = { users: 0, high_engagement: 0, cognitive_power: 0 };
      assert.deepEqual(await same("an empty range", userSegments({ ...spec, from: 0, to: 1 }), [none]), [none]);
    },
  },
];
