import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { type RankSlice, rankSlice } from "../../../src/store/queries/rank-slice.js";
import type { Filter } from "../../../src/store/sql/filter.js";
import { DST_SPAN } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { fieldOf, inSpan, matches } from "./oracle.js";

const RUNS: Filter = { field: "event_type", op: "eq", value: "cognitive_process" };

function oracle(events: readonly EventRecord[], p: number, lo: number | undefined, hi: number): RankSlice {
  const xs = inSpan(events, DST_SPAN)
    .filter((e) => matches(e, RUNS) && typeof fieldOf(e, "processing_time") === "number")
    .map((e) => fieldOf(e, "processing_time") as number)
    .sort((a, b) => a - b);
  const below = lo === undefined ? 0 : xs.filter((x) => x < lo).length;
  const inside = xs.filter((x) => (lo === undefined || x >= lo) && x < hi);
  const rank = Math.floor((xs.length - 1) * p);
  return { below, inside: inside.length, total: xs.length, around: inside.slice(rank - below, rank - below + 2) };
}

export const cases: QueryCase[] = [
  {
    title: "the values around a percentile's rank from a slice of values, with the counts that vouch for it",
    async run(same, events) {
      const ask = (p: number, lo: number | undefined, hi: number) =>
        same(
          `p${p} in [${lo}, ${hi})`,
          rankSlice({
            ...DST_SPAN,
            field: "processing_time",
            p,
            hi,
            filter: RUNS,
            ...(lo === undefined ? {} : { lo }),
          }),
          [oracle(events, p, lo, hi)],
        );
      // 35 runs: the median's rank is 17, p95's ⌊34 · 0.95⌋ = 32.
      const [all] = await ask(0.5, undefined, 1.5e9);
      assert.equal(all?.total, 35);
      assert.equal(all?.below, 0);
      const sorted = await ask(0.95, 0.5, 1.5e9);
      const [mid] = await ask(0.5, 200, 250);
      assert.ok(mid && mid.below <= 17 && 18 < mid.below + mid.inside, "the slice holds the median's ranks");
      assert.deepEqual(sorted[0]?.around.length, 2);
      // A slice the rank misses: the counts say so (the values it answers are not read).
      const [missed] = await ask(0.5, 1e6, 2e6);
      assert.deepEqual([missed?.below, missed?.inside], [35, 0]);
    },
  },
];
