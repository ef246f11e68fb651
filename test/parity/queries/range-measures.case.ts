import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { type RangeMeasure, rangeMeasures } from "../../../src/store/queries/range-measures.js";
import type { Filter } from "../../../src/store/sql/filter.js";
import { CPU_HOUR, DST_SPAN, MEDIAN_HOUR } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { inSpan, matches, valueOracle } from "./oracle.js";

function oracle(
  events: readonly EventRecord[],
  spec: { from: number; to: number; measures: Record<string, RangeMeasure>; filter?: Filter },
): Array<Record<string, number | null>> {
  const xs = inSpan(events, spec).filter((e) => !spec.filter || matches(e, spec.filter));
  return [
    Object.fromEntries(
      Object.entries(spec.measures).map(([n, m]) => [
        n,
        valueOracle(
          m.measure,
          xs.filter((e) => !m.filter || matches(e, m.filter)),
        ),
      ]),
    ),
  ];
}

const RUNS: Filter = { field: "event_type", op: "eq", value: "cognitive_process" };

export const cases: QueryCase[] = [
  {
    title: "number tiles in one scan: count, mean, numpy p95 (1..20 → 19.05), distinct users, a share, a sum",
    async run(same, events) {
      const cpu = {
        ...CPU_HOUR,
        measures: {
          n: { measure: { fn: "count" } },
          mean: { measure: { fn: "avg", field: "cpu_usage" } },
          p95: { measure: { fn: "percentile", field: "cpu_usage", p: 0.95 } },
          none: { measure: { fn: "avg", field: "response_time" } },
        },
      } satisfies Parameters<typeof rangeMeasures>[0];
      const [row] = await same("cpu hour", rangeMeasures(cpu), oracle(events, cpu));
      assert.deepEqual(row, { n: 20, mean: 10.5, p95: 19.05, none: null });
      const runs = {
        ...DST_SPAN,
        filter: RUNS,
        measures: {
          users: { measure: { fn: "distinct", field: "user_id" } },
          success: { measure: { fn: "share", of: { field: "success", op: "eq", value: true } } },
          tokens: { measure: { fn: "sum", field: "output_tokens" } },
          memory: { measure: { fn: "count" }, filter: { field: "membrane_type", op: "eq", value: "memory" } },
          memory_users: {
            measure: { fn: "distinct", field: "user_id" },
            filter: { field: "membrane_type", op: "eq", value: "memory" },
          },
        },
      } satisfies Parameters<typeof rangeMeasures>[0];
      await same("runs", rangeMeasures(runs), oracle(events, runs));
    },
  },
  {
    title: "over no events: counts 0, everything else null (a share of nothing is a gap, not 0 %)",
    async run(same, events) {
      const spec = {
        ...MEDIAN_HOUR,
        filter: { field: "status_code", op: "gte", value: 500 },
        measures: {
          n: { measure: { fn: "count" } },
          users: { measure: { fn: "distinct", field: "user_id" } },
          share: { measure: { fn: "share", of: RUNS } },
          p50: { measure: { fn: "percentile", field: "response_time", p: 0.5 } },
        },
      } satisfies Parameters<typeof rangeMeasures>[0];
      const [row] = await same("no 5xx", rangeMeasures(spec), oracle(events, spec));
      assert.deepEqual(row, { n: 0, users: 0, share: null, p50: null });
    },
  },
];
