import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { type PairMoments, pairMoments } from "../../../src/store/queries/pair-moments.js";
import type { Filter } from "../../../src/store/sql/filter.js";
import { DST_SPAN, MEDIAN_HOUR } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { fieldOf, inSpan, matches } from "./oracle.js";

type Spec = { from: number; to: number; x: string; y: string; filter?: Filter };

function oracle(events: readonly EventRecord[], spec: Spec): PairMoments[] {
  const pairs = inSpan(events, spec)
    .filter((e) => !spec.filter || matches(e, spec.filter))
    .map((e) => [fieldOf(e, spec.x), fieldOf(e, spec.y)])
    .filter((p): p is [number, number] => typeof p[0] === "number" && typeof p[1] === "number");
  const sum = (f: (p: [number, number]) => number) => (pairs.length ? pairs.reduce((a, p) => a + f(p), 0) : null);
  return [
    {
      n: pairs.length,
      sx: sum((p) => p[0]),
      sy: sum((p) => p[1]),
      sxx: sum((p) => p[0] * p[0]),
      syy: sum((p) => p[1] * p[1]),
      sxy: sum((p) => p[0] * p[1]),
    },
  ];
}

export const cases: QueryCase[] = [
  {
    title: "sums of pairs of numeric fields, integer and double, only events carrying both",
    async run(same, events) {
      for (const spec of [
        { ...DST_SPAN, x: "input_tokens", y: "processing_time" },
        { ...DST_SPAN, x: "input_tokens", y: "output_tokens", filter: { field: "model", op: "eq", value: "m-a" } },
        { ...DST_SPAN, x: "processing_time", y: "cost" },
      ] satisfies Spec[]) {
        await same(JSON.stringify(spec), pairMoments(spec), oracle(events, spec));
      }
      const none: Spec = { ...MEDIAN_HOUR, x: "response_time", y: "processing_time" };
      const [row] = await same("no pairs", pairMoments(none), oracle(events, none));
      assert.deepEqual(row, { n: 0, sx: null, sy: null, sxx: null, syy: null, sxy: null });
    },
  },
];
