import type { SlotFingerprint } from "../queries/bucket-fingerprints.js";
import type { TimeRange } from "../queries/parts/time-range.js";

/**
 * Each bucket's fingerprint from the fingerprints of the slots it covers (slots oldest first, as
 * the query answers): total events, total of receipt times, latest receipt, total of event times. An
 * empty bucket has one too ("0:0::0"), so a first event in it is seen as well.
 */
export function bucketPrints(slots: readonly SlotFingerprint[], buckets: readonly TimeRange[]): string[] {
  let i = 0;
  return buckets.map((b) => {
    while (i < slots.length && (slots[i] as SlotFingerprint).slot < b.from) i += 1;
    let n = 0;
    let sum = 0n;
    let ts = 0n;
    let max = "";
    for (; i < slots.length && (slots[i] as SlotFingerprint).slot < b.to; i += 1) {
      const s = slots[i] as SlotFingerprint;
      n += s.event_count;
      sum += BigInt(s.received_sum);
      ts += BigInt(s.ts_sum);
      max = max === "" || s.received_max > Number(max) ? String(s.received_max) : max;
    }
    return `${n}:${sum}:${max}:${ts}`;
  });
}
