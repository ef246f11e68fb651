/** Distinct keys kept at most: a few periods and zones in use at once, never one entry per request. */
const MAX_ENTRIES = 64;

/**
 * Answers reused by key for `ttlMs`: callers within that time share the answer, concurrent callers
 * share one computation. An answer `keep` refuses (a partial one) and a failure are not reused.
 * A ttl of 0 computes every call.
 */
export class AnswerCache<T> {
  private readonly entries = new Map<string, { at: number; answer: Promise<T> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly keep: (answer: T) => boolean,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return compute();
    const at = this.now();
    const hit = this.entries.get(key);
    if (hit && at - hit.at < this.ttlMs) return hit.answer;
    this.prune(at);
    const entry = { at, answer: compute() };
    this.entries.delete(key);
    this.entries.set(key, entry);
    const forget = () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    entry.answer.then((a) => this.keep(a) || forget(), forget);
    return entry.answer;
  }

  /** Drops expired entries, then the oldest while the cache is full. */
  private prune(at: number): void {
    for (const [k, e] of this.entries) if (at - e.at >= this.ttlMs) this.entries.delete(k);
    for (const k of this.entries.keys()) {
      if (this.entries.size < MAX_ENTRIES) break;
      this.entries.delete(k);
    }
  }
}
