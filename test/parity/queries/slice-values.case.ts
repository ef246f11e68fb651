import assert from "node:assert/strict";
import { sliceValues } from "../../../src/store/queries/slice-values.js";
import type { Filter } from "../../../src/store/sql/filter.js";
import { DST_SPAN } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { fieldOf, inSpan, matches } from "./oracle.js";

const RUNS: Filter = { field: "event_type", op: "eq", value: "cognitive_process" };

export const cases: QueryCase[] = [
  {
    title: "values of a slice, ascending, from a given place in it",
    async run(same, events) {
      const xs = inSpan(events, DST_SPAN)
        .filter((e) => matches(e, RUNS))
        .map((e) => fieldOf(e, "processing_time") as number)
        .sort((a, b) => a - b);
      const ask = (lo: number | undefined, hi: number, start: number) => {
        const inside = xs.filter((x) => (lo === undefined || x >= lo) && x < hi);
        const spec = { ...DST_SPAN, field: "processing_time", hi, start, length: 2, filter: RUNS };
        return same(`[${lo}, ${hi}) from ${start}`, sliceValues(lo === undefined ? spec : { ...spec, lo }), [
          { around: inside.slice(start - 1, start + 1) },
        ]);
      };
      const [all] = await ask(undefined, 1e12, 18);
      assert.deepEqual(all?.around, xs.slice(17, 19));
      await ask(200, 260, 1);
      const [end] = await ask(undefined, 1e12, xs.length);
      assert.equal(end?.around.length, 1, "past the end, fewer");
      const [none] = await ask(1e9, 2e9, 1);
      assert.deepEqual(none?.around, []);
    },
  },
];
