import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { type TopDataValue, topDataValues } from "../../../src/store/queries/top-data-values.js";
import type { Filter } from "../../../src/store/sql/filter.js";
import { T0 } from "../store-contract.js";
import type { QueryCase } from "./case.js";
import { inSpan, tally } from "./oracle.js";

const ERRORS: Filter = { field: "event_type", op: "eq", value: "error" };

function oracle(
  events: readonly EventRecord[],
  spec: { from: number; to: number; field: string; limit: number; type?: string },
): TopDataValue[] {
  const texts = inSpan(events, spec)
    .filter((e) => spec.type === undefined || e.event_type === spec.type)
    .map((e) => e.data[spec.field])
    .filter((v): v is string => typeof v === "string");
  return [...tally(texts).entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, spec.limit)
    .map(([value, count]) => ({ value, count }));
}

export const cases: QueryCase[] = [
  {
    title: "the most frequent texts of a data field (error messages), ties by text",
    async run(same, events) {
      const feb = { from: T0, to: T0 + 86_400_000 };
      const spec = { ...feb, field: "error_message", limit: 5 };
      const top = await same(
        "error messages",
        topDataValues({ ...spec, filter: ERRORS }),
        oracle(events, { ...spec, type: "error" }),
      );
      assert.ok(top.length > 0 && top.length <= 5);
      const all = { ...feb, field: "error_message", limit: 1000 };
      const every = await same("every message", topDataValues(all), oracle(events, all));
      const errors = inSpan(events, feb).filter((e) => e.event_type === "error").length;
      assert.equal(
        every.reduce((a, v) => a + v.count, 0),
        errors,
        "every error event carries one message",
      );
      const empty = { from: feb.to, to: feb.to + 1000, field: "error_message", limit: 5 };
      assert.deepEqual(await same("an empty range", topDataValues(empty), []), []);
    },
  },
];
