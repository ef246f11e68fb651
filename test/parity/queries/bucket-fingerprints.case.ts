import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { bucketFingerprints, SLOT_MS, type SlotFingerprint } from "../../../src/store/queries/bucket-fingerprints.js";
import { T0 } from "../store-contract.js";
import type { QueryCase } from "./case.js";
import { byBucket } from "./oracle.js";

function oracle(events: readonly EventRecord[], r: { from: number; to: number }): SlotFingerprint[] {
  return byBucket(events, r, (ts) => Math.floor(ts / SLOT_MS) * SLOT_MS).map(([slot, xs]) => ({
    slot,
    event_count: xs.length,
    received_sum: xs.reduce((a, e) => a + BigInt(e.received_at), 0n).toString(),
    received_max: Math.max(...xs.map((e) => e.received_at)),
    ts_sum: xs.reduce((a, e) => a + BigInt(e.timestamp), 0n).toString(),
  }));
}

const HOUR = 3_600_000;

export const cases: QueryCase[] = [
  {
    title: "per 15-minute slot: events, exact sum and latest of their receipt times",
    async run(same, events) {
      const r = { from: T0, to: T0 + 4 * HOUR };
      const slots = await same("four hours", bucketFingerprints(r), oracle(events, r));
      // The fixture's 275 events of these hours fall in 14 slots; the last two slots hold none (absent).
      assert.deepEqual(
        slots.map((s) => [(s.slot - T0) / SLOT_MS, s.event_count]),
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13].map((i) => [
          i,
          [21, 30, 47, 8, 27, 28, 12, 15, 15, 21, 18, 16, 16, 1][i],
        ]),
      );
      // Sums of epoch milliseconds pass 2^53 from ~5,000 events: they come back as exact digits.
      assert.match((slots[0] as SlotFingerprint).received_sum, /^\d{14,}$/);
    },
  },
];
