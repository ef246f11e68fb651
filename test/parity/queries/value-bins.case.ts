import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { BINS_PER_E, type ValueBin, valueBins } from "../../../src/store/queries/value-bins.js";
import type { Filter } from "../../../src/store/sql/filter.js";
import { at, DST_SPAN } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { byBucket, fieldOf, matches } from "./oracle.js";

const HOUR = 3_600_000;
/** March, up to the end of the DST span: the fixture's requests and runs. */
const MARCH = { from: at("2026-03-01T00:00:00Z"), to: DST_SPAN.to };

function oracle(events: readonly EventRecord[], field: string, filter: Filter): ValueBin[] {
  const hit = events.filter((e) => typeof fieldOf(e, field) === "number" && matches(e, filter));
  return byBucket(hit, MARCH, (ts) => Math.floor(ts / HOUR) * HOUR).flatMap(([bucket_start, xs]) => {
    const bins = new Map<number | null, number>();
    for (const e of xs) {
      const x = fieldOf(e, field) as number;
      const bin = x > 0 ? Math.floor(Math.log(x) * BINS_PER_E) : null;
      bins.set(bin, (bins.get(bin) ?? 0) + 1);
    }
    return [...bins.entries()]
      .sort((a, b) => (a[0] === null ? -1 : b[0] === null ? 1 : a[0] - b[0]))
      .map(([bin, n]) => ({ bucket_start, bin, n }));
  });
}

export const cases: QueryCase[] = [
  {
    title: "values per logarithmic bin (1 % wide) per hour; values ≤ 0 in a bin of their own",
    async run(same, events) {
      const api: Filter = { field: "event_type", op: "eq", value: "api_request" };
      const q = valueBins({ ...MARCH, bucket: { widthMs: HOUR }, field: "response_time", filter: api });
      const rows = await same("response times", q, oracle(events, "response_time", api));
      // Six requests of 0, 1, 2, 3, 7 and 8 ms: 0 in the bin of its own, 1 in bin 0, 8 in ⌊ln 8 · 100.5⌋ = 208.
      assert.deepEqual(
        rows.map((r) => r.bin),
        [null, 0, 69, 110, 195, 208],
      );
      const runs: Filter = { field: "event_type", op: "eq", value: "cognitive_process" };
      const r = valueBins({ ...MARCH, bucket: { widthMs: HOUR }, field: "processing_time", filter: runs });
      await same("processing times", r, oracle(events, "processing_time", runs));
    },
  },
];
