import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import {
  SESSION_BANDS_MINUTES,
  type SessionLengths,
  sessionLengths,
} from "../../../src/store/queries/session-lengths.js";
import { T0 } from "../store-contract.js";
import { DST_SPAN } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { inSpan, numpyPercentile } from "./oracle.js";

function oracle(events: readonly EventRecord[], r: { from: number; to: number }): SessionLengths {
  const spans = new Map<string, number[]>();
  for (const e of inSpan(events, r)) {
    if (e.session_id !== null) spans.set(e.session_id, [...(spans.get(e.session_id) ?? []), e.timestamp]);
  }
  const lengths = [...spans.values()].map((ts) => Math.max(...ts) - Math.min(...ts));
  return {
    sessions: lengths.length,
    mean_ms: lengths.length ? lengths.reduce((a, b) => a + b, 0) / lengths.length : null,
    median_ms: numpyPercentile(lengths, 0.5),
    bands: SESSION_BANDS_MINUTES.map((lo, i) => {
      const hi = SESSION_BANDS_MINUTES[i + 1];
      return lengths.filter((x) => x >= lo * 60_000 && (hi === undefined || x < hi * 60_000)).length;
    }),
  };
}

export const cases: QueryCase[] = [
  {
    title: "session lengths of a range: count, mean, median and the length bands",
    async run(same, events) {
      const feb = { from: T0, to: T0 + 86_400_000 };
      const [f] = await same("the shared fixture's sessions", sessionLengths(feb), [oracle(events, feb)]);
      assert.equal(
        f?.bands.reduce((a, b) => a + b, 0),
        f?.sessions,
      );
      // rs-0..rs-7 span 40.5 h, rs-8 27 h: mean 39 h, median 40.5 h, all nine in the 60+ minute band.
      const [dst] = await same("the cognitive runs' sessions", sessionLengths(DST_SPAN), [oracle(events, DST_SPAN)]);
      assert.deepEqual(dst, {
        sessions: 9,
        mean_ms: 39 * 3_600_000,
        median_ms: 40.5 * 3_600_000,
        bands: [0, 0, 0, 0, 0, 9],
      });
      const empty = { from: DST_SPAN.to, to: DST_SPAN.to + 1000 };
      const nothing = { sessions: 0, mean_ms: null, median_ms: null, bands: [0, 0, 0, 0, 0, 0] };
      assert.deepEqual(await same("an empty range", sessionLengths(empty), [nothing]), [nothing]);
    },
  },
];
