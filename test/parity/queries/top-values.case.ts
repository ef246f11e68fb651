import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { type TopValue, topValues } from "../../../src/store/queries/top-values.js";
import { T0 } from "../store-contract.js";
import { STREAM_SPAN } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { fieldOf, inSpan, tally } from "./oracle.js";

function oracle(
  events: readonly EventRecord[],
  spec: { from: number; to: number; field: string; limit: number },
): TopValue[] {
  const values = inSpan(events, spec)
    .map((e) => fieldOf(e, spec.field))
    .filter((v): v is string | number | boolean => v !== null);
  return [...tally(values).entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, spec.limit)
    .map(([value, count]) => ({ value, count }));
}

export const cases: QueryCase[] = [
  {
    title: "exact counts, most first, ties by value; text, integer and boolean fields",
    async run(same, events) {
      const r = { from: T0, to: T0 + 4 * 3_600_000 };
      const actions = await same(
        "actions",
        topValues({ ...r, field: "action", limit: 3 }),
        oracle(events, { ...r, field: "action", limit: 3 }),
      );
      assert.equal(actions.length, 3);
      for (const spec of [
        { ...r, field: "status_code", limit: 10 },
        { ...r, field: "success", limit: 10 },
        { ...r, field: "user_id", limit: 5 },
        { ...r, field: "event_type", limit: 100 },
      ]) {
        await same(JSON.stringify(spec), topValues(spec), oracle(events, spec));
      }
      // Four actions, 3,000 each in the stream: all tied, so ordered by value.
      assert.deepEqual(
        await same(
          "ties",
          topValues({ ...STREAM_SPAN, field: "action", limit: 2 }),
          oracle(events, { ...STREAM_SPAN, field: "action", limit: 2 }),
        ),
        [
          { value: "a0", count: 3000 },
          { value: "a1", count: 3000 },
        ],
      );
    },
  },
];
