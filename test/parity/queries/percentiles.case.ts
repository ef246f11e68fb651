import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { type PercentileRow, percentiles } from "../../../src/store/queries/percentiles.js";
import { T0 } from "../store-contract.js";
import { CPU_HOUR, MEDIAN_HOUR } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { fieldOf, inSpan, numpyPercentile, tally } from "./oracle.js";

function oracle(
  events: readonly EventRecord[],
  spec: { from: number; to: number; field: string; fractions: number[]; by?: string },
): PercentileRow[] {
  const xs = inSpan(events, spec).filter((e) => typeof fieldOf(e, spec.field) === "number");
  const keyOf = (e: EventRecord) => (spec.by ? fieldOf(e, spec.by) : null);
  const counts = tally(xs.map(keyOf));
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] === null ? 1 : b[0] === null ? -1 : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([key, count]) => {
      const values = xs.filter((e) => keyOf(e) === key).map((e) => fieldOf(e, spec.field) as number);
      return { key, count, values: spec.fractions.map((p) => numpyPercentile(values, p) as number) };
    });
}

export const cases: QueryCase[] = [
  {
    title: "numpy's linear rule on both engines: p95 of 1..20 is 19.05, the median of 0..3 is 1.5",
    async run(same, events) {
      const cpu = { ...CPU_HOUR, field: "cpu_usage", fractions: [0, 0.5, 0.95, 1] };
      const [row] = await same("cpu 1..20", percentiles(cpu), oracle(events, cpu));
      assert.deepEqual(row, { key: null, count: 20, values: [1, 10.5, 19.05, 20] });
      const med = { ...MEDIAN_HOUR, field: "response_time", fractions: [0.5], by: "endpoint" };
      const rows = await same("by endpoint", percentiles(med), oracle(events, med));
      assert.deepEqual(rows[0], { key: "/median", count: 4, values: [1.5] });
    },
  },
  {
    title: "per group over the fixture: integer and double fields, grouped by text and by boolean",
    async run(same, events) {
      const r = { from: T0, to: T0 + 4 * 3_600_000 };
      for (const spec of [
        { ...r, field: "response_time", fractions: [0.5, 0.9, 0.99], by: "endpoint" },
        { ...r, field: "processing_time", fractions: [0.25, 0.75], by: "success" },
        { ...r, field: "status_code", fractions: [0.5], by: "method" },
        { ...r, field: "input_tokens", fractions: [0.95] },
      ]) {
        await same(JSON.stringify(spec), percentiles(spec), oracle(events, spec));
      }
    },
  },
];
