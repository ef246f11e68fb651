import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { type ModelUsage, modelUsage, type UsageKey } from "../../../src/store/queries/model-usage.js";
import { DST_SPAN } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { fieldOf, inSpan, numpyPercentile } from "./oracle.js";

function oracle(events: readonly EventRecord[], r: { from: number; to: number }, by: UsageKey[]): ModelUsage[] {
  const runs = inSpan(events, r).filter((e) => e.event_type === "cognitive_process");
  const key = (e: EventRecord) => JSON.stringify(by.map((k) => fieldOf(e, k)));
  const groups = new Map<string, EventRecord[]>();
  for (const e of runs) groups.set(key(e), [...(groups.get(key(e)) ?? []), e]);
  const nums = (xs: EventRecord[], f: string) =>
    xs.map((e) => fieldOf(e, f)).filter((v): v is number => typeof v === "number");
  const total = (vs: number[]) => (vs.length ? vs.reduce((a, b) => a + b, 0) : null);
  const rows = [...groups.values()].map((xs) => {
    const times = nums(xs, "processing_time");
    const keys = Object.fromEntries(by.map((k) => [k, fieldOf(xs[0] as EventRecord, k) as string | null]));
    return {
      ...keys,
      runs: xs.length,
      successes: xs.filter((e) => e.data.success === true).length,
      input_tokens: total(nums(xs, "input_tokens")),
      output_tokens: total(nums(xs, "output_tokens")),
      cost: total(nums(xs, "cost")),
      runs_with_cost: nums(xs, "cost").length,
      avg_processing_time: times.length ? (total(times) as number) / times.length : null,
      p95_processing_time: numpyPercentile(times, 0.95),
    };
  });
  const cmp = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
  return rows.sort(
    (a, b) =>
      b.runs - a.runs ||
      by.reduce((acc, k) => acc || cmp((a as ModelUsage)[k] ?? null, (b as ModelUsage)[k] ?? null), 0),
  );
}

export const cases: QueryCase[] = [
  {
    title: "runs, successes, tokens, cost and processing time by model, by membrane, by both, overall",
    async run(same, events) {
      for (const by of [["model"], ["membrane_type"], ["model", "membrane_type"], []] as UsageKey[][]) {
        await same(`by ${by.join("+") || "nothing"}`, modelUsage({ ...DST_SPAN, by }), oracle(events, DST_SPAN, by));
      }
      const [overall] = await same("overall", modelUsage({ ...DST_SPAN, by: [] }), oracle(events, DST_SPAN, []));
      // Runs i = 0..34 fall in the span: success unless i % 6 = 0; tokens 10·(i % 7) and 3·(i % 5);
      // a cost of 0.25·(i % 4) unless i % 4 = 0; processing 100 + (37·i mod 250).
      assert.deepEqual(overall, {
        runs: 35,
        successes: 29,
        input_tokens: 1050,
        output_tokens: 210,
        cost: 12.75,
        runs_with_cost: 26,
        avg_processing_time: 7765 / 35,
        p95_processing_time: 333.7,
      });
      // No run at all: one row of zeros and nulls (ClickHouse 18.16 typed the success count Nullable here).
      const empty = { from: DST_SPAN.to + 86_400_000, to: DST_SPAN.to + 2 * 86_400_000 };
      const none = {
        runs: 0,
        successes: 0,
        input_tokens: null,
        output_tokens: null,
        cost: null,
        runs_with_cost: 0,
        avg_processing_time: null,
        p95_processing_time: null,
      };
      assert.deepEqual(await same("an empty range", modelUsage({ ...empty, by: [] }), [none]), [none]);
    },
  },
];
