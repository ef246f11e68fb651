import { SLOT_MS } from "../queries/bucket-fingerprints.js";
import type { TimeRange } from "../queries/parts/time-range.js";

/**
 * Which 15-minute slots of event time an embedded store changed, kept by the store itself as it
 * writes: a store that is its data's only writer (DuckDB holds its file locked) knows every change
 * without scanning for it. A write is noted when it starts and again when it ended, however it
 * ended; while it runs, the prints of the buckets it touches (every bucket, for a deletion or a
 * restore) never repeat. Two equal prints of a bucket therefore mean no write touched it between
 * them, committed or not.
 */
export class WriteJournal {
  private readonly versions = new Map<number, number>();
  /** Writes under way per slot; `everywhere`: deletions and restores under way. */
  private readonly running = new Map<number, number>();
  private everywhere = 0;
  private version = 0;
  private epoch = 0;
  private unique = 0;

  /** An insert of events at these times: call at its start; the answer, called once it ended, notes its end. */
  inserting(times: readonly number[]): () => void {
    const slots = [...new Set(times.map((ts) => Math.floor(ts / SLOT_MS)))];
    this.stamp(slots, 1);
    return () => this.stamp(slots, -1);
  }

  /** A deletion or a restore: any slot may change. Call at its start; the answer notes its end. */
  rewriting(): () => void {
    this.everywhere += 1;
    this.epoch += 1;
    return () => {
      this.everywhere -= 1;
      this.epoch += 1;
    };
  }

  /** Each bucket's print (buckets made of whole slots): equal between two calls only if no write touched it. */
  bucketPrints(buckets: readonly TimeRange[]): string[] {
    return buckets.map((b) => {
      let newest = 0;
      for (let slot = Math.floor(b.from / SLOT_MS); slot * SLOT_MS < b.to; slot += 1) {
        if (this.everywhere || this.running.has(slot)) return `running:${++this.unique}`;
        newest = Math.max(newest, this.versions.get(slot) ?? 0);
      }
      return `${this.epoch}:${newest}`;
    });
  }

  private stamp(slots: readonly number[], delta: 1 | -1): void {
    this.version += 1;
    for (const slot of slots) {
      this.versions.set(slot, this.version);
      const n = (this.running.get(slot) ?? 0) + delta;
      if (n > 0) this.running.set(slot, n);
      else this.running.delete(slot);
    }
  }
}
