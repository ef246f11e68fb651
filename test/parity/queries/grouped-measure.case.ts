import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { type GroupedValue, groupedMeasure } from "../../../src/store/queries/grouped-measure.js";
import type { ValueMeasure } from "../../../src/store/queries/parts/value-measure.js";
import type { Filter } from "../../../src/store/sql/filter.js";
import { DST_SPAN, MEDIAN_HOUR } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { fieldOf, inSpan, matches, valueOracle } from "./oracle.js";

type Spec = { from: number; to: number; by: string; measure: ValueMeasure; limit: number; filter?: Filter };

function oracle(events: readonly EventRecord[], spec: Spec): GroupedValue[] {
  const xs = inSpan(events, spec).filter(
    (e) => fieldOf(e, spec.by) !== null && (!spec.filter || matches(e, spec.filter)),
  );
  const keys = [...new Set(xs.map((e) => fieldOf(e, spec.by) as string | number | boolean))];
  const rows = keys.map((key) => ({
    key,
    value: valueOracle(
      spec.measure,
      xs.filter((e) => fieldOf(e, spec.by) === key),
    ),
    total_groups: keys.length,
  }));
  rows.sort(
    (a, b) =>
      (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) ||
      (b.value ?? 0) - (a.value ?? 0) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  return rows.slice(0, spec.limit);
}

export const cases: QueryCase[] = [
  {
    title: "top groups by a measure with the total number of groups: runs by model and by user, p95 by membrane",
    async run(same, events) {
      const byModel: Spec = { ...DST_SPAN, by: "model", measure: { fn: "count" }, limit: 10 };
      const rows = await same("runs by model", groupedMeasure(byModel), oracle(events, byModel));
      // The span's 35 runs cycle m-a, m-b, none: the runs without a model form no group.
      assert.deepEqual(rows, [
        { key: "m-a", value: 12, total_groups: 2 },
        { key: "m-b", value: 12, total_groups: 2 },
      ]);
      const top2: Spec = { ...DST_SPAN, by: "user_id", measure: { fn: "sum", field: "input_tokens" }, limit: 2 };
      const users = await same("top 2 users by tokens", groupedMeasure(top2), oracle(events, top2));
      assert.equal(users.length, 2);
      assert.equal(users[0]?.total_groups, 5);
      for (const spec of [
        {
          ...DST_SPAN,
          by: "membrane_type",
          measure: { fn: "percentile", field: "processing_time", p: 0.95 },
          limit: 5,
        },
        { ...DST_SPAN, by: "success", measure: { fn: "avg", field: "processing_time" }, limit: 5 },
        {
          ...DST_SPAN,
          by: "model",
          measure: { fn: "share", of: { field: "success", op: "eq", value: true } },
          limit: 5,
          filter: { field: "membrane_type", op: "eq", value: "memory" },
        },
      ] satisfies Spec[]) {
        await same(JSON.stringify(spec), groupedMeasure(spec), oracle(events, spec));
      }
    },
  },
  {
    title: "groups whose measure is null come last; an empty range has no rows",
    async run(same, events) {
      const spec: Spec = { ...MEDIAN_HOUR, by: "endpoint", measure: { fn: "avg", field: "cost" }, limit: 10 };
      const rows = await same("no costs", groupedMeasure(spec), oracle(events, spec));
      assert.deepEqual(
        rows.map((r) => [r.key, r.value]),
        [
          ["/100%_off", null],
          ["/100xoff", null],
          ["/median", null],
        ],
      );
      const none: Spec = { from: 0, to: 1, by: "model", measure: { fn: "count" }, limit: 10 };
      assert.deepEqual(await same("empty", groupedMeasure(none), []), []);
    },
  },
];
