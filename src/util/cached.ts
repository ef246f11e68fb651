/**
 * A value worth computing at most once per `ttlMs`: callers within that time share the last result,
 * and concurrent callers share one computation. A computation that fails is not kept.
 */
export class Cached<T> {
  private value: { at: number; result: Promise<T> } | null = null;

  constructor(
    private readonly ttlMs: number,
    private readonly compute: () => Promise<T>,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    const at = this.now();
    if (this.value && at - this.value.at < this.ttlMs) return this.value.result;
    const result = this.compute();
    const entry = { at, result };
    this.value = entry;
    result.catch(() => {
      if (this.value === entry) this.value = null;
    });
    return result;
  }
}
