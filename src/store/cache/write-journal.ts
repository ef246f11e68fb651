import { SLOT_MS } from "../queries/bucket-fingerprints.js";
import type { TimeRange } from "../queries/parts/time-range.js";

/**
 * Which 15-minute slots of event time an embedded store changed, kept by the store itself as it
 * writes: a store that is its data's only writer (DuckDB holds its file locked) knows every change
 * without scanning for it. Each insert stamps its events' slots with a new version, after it
 * committed; a deletion (retention, erasure, a restore) moves every slot at once. A bucket's print
 * is then its slots' newest version, which moves whenever one of its events may have changed.
 */
export class WriteJournal {
  private readonly versions = new Map<number, number>();
  private version = 0;
  private epoch = 0;

  /** After an insert committed: the slots of these event times changed. */
  inserted(times: Iterable<number>): void {
    this.version += 1;
    for (const ts of times) this.versions.set(Math.floor(ts / SLOT_MS), this.version);
  }

  /** After a deletion or a restore ended: any slot may have changed. */
  rewritten(): void {
    this.epoch += 1;
  }

  /** Each bucket's print (buckets made of whole slots): equal between two calls only if no write touched it. */
  bucketPrints(buckets: readonly TimeRange[]): string[] {
    return buckets.map((b) => {
      let newest = 0;
      for (let slot = Math.floor(b.from / SLOT_MS); slot * SLOT_MS < b.to; slot += 1) {
        newest = Math.max(newest, this.versions.get(slot) ?? 0);
      }
      return `${this.epoch}:${newest}`;
    });
  }
}
