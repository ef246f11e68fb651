import type { QueryRunner } from "../port/query-runner.js";
import { bucketFingerprints, SLOT_MS, type SlotFingerprint } from "../queries/bucket-fingerprints.js";
import type { TimeRange } from "../queries/parts/time-range.js";
import type { Query } from "../query.js";
import { bucketPrints } from "./fingerprint.js";
import { type BucketGrid, bucketsOf } from "./grid.js";

/** A bucketed query's rows each name their bucket (time-series, bucket-aggregates). */
export interface BucketRow {
  bucket_start: number;
}

/** A bucketed query over any range, the rest of its spec fixed: what the cache re-runs on changed buckets. */
export type RangedQuery<R> = (range: TimeRange) => Query<R>;

interface Kept {
  print: string;
  rows: readonly unknown[];
}

export interface BucketCacheOptions {
  /** Buckets kept over every spec; past it the least recently read specs go. */
  maxBuckets?: number;
  now?: () => number;
}

/** Finer series are read straight from events: that many buckets would cost more to check than to read. */
const MAX_BUCKETS_PER_READ = 20_000;
/** At most this many re-reads per call: more runs of changed buckets are joined over the unchanged ones between. */
const MAX_RUNS = 4;

/**
 * Keeps the rows of closed time buckets of bucketed queries, each with the fingerprint of its
 * events (src/store/queries/bucket-fingerprints.ts), and re-reads only the buckets whose
 * fingerprint moved, the open one and the partial ones at the range's edges. A bucket is kept only
 * when its fingerprint was the same before and after its rows were read, so the rows belong to it;
 * as the fingerprint is read from the store, every node sees every other node's writes. A store
 * that is its data's only writer (embedded DuckDB) keeps a journal of the slots it changed instead
 * (write-journal.ts), which answers the same question without a scan.
 */
export class BucketCache {
  private readonly specs = new Map<string, Map<number, Kept>>();
  private kept = 0;
  private readonly pending = new Map<string, { started: number; slots: Promise<SlotFingerprint[]> }>();
  private readonly maxBuckets: number;
  private readonly now: () => number;

  constructor(
    private readonly store: QueryRunner,
    opts: BucketCacheOptions = {},
  ) {
    this.maxBuckets = opts.maxBuckets ?? 50_000;
    this.now = opts.now ?? Date.now;
  }

  /** Buckets kept now, over every spec. */
  get size(): number {
    return this.kept;
  }

  /**
   * The query's rows over `range`, equal to `store.run(query(range))`. `key` names the spec without
   * its range (filters included); `grid` says where its buckets fall.
   */
  async run<R extends BucketRow>(key: string, query: RangedQuery<R>, range: TimeRange, grid: BucketGrid): Promise<R[]> {
    const buckets = bucketsOf(range, grid, MAX_BUCKETS_PER_READ);
    const closed = buckets?.filter((b) => this.closed(b, range)) ?? [];
    const first = closed[0];
    const last = closed.at(-1);
    if (!buckets || !first || !last) return this.store.run(query(range));
    const prints = await this.printsOf(closed, { from: first.from, to: last.to });
    const before = new Map(closed.map((b, i) => [b.from, prints[i] as string]));
    const own = this.touch(key);
    const found = new Map<number, readonly unknown[]>();
    for (const b of closed) {
      const k = own.get(b.from);
      if (k && k.print === before.get(b.from)) found.set(b.from, k.rows);
    }
    const runs = joined(
      runsOf(buckets.filter((b) => !found.has(b.from))).map((r) => clip(r, range)),
      MAX_RUNS,
    );
    const fresh = await Promise.all(runs.map((r) => this.store.run(query(r))));
    const readAt = performance.now();
    const placed = place(
      buckets.filter((b) => runs.some((r) => r.from < b.to && b.from < r.to)),
      fresh.flat(),
    );
    if (!placed) {
      // The engine cut buckets elsewhere than the grid says: nothing of this spec can be trusted.
      this.forget(key);
      return this.store.run(query(range));
    }
    for (const [start, rows] of placed) found.set(start, rows);
    await this.keep(key, closed, placed, before, readAt);
    return buckets.flatMap((b) => (found.get(b.from) ?? []) as R[]);
  }

  /** A bucket worth keeping: whole inside the range, over, and made of whole slots. */
  private closed(b: TimeRange, range: TimeRange): boolean {
    return (
      b.from >= range.from && b.to <= range.to && b.to <= this.now() && b.from % SLOT_MS === 0 && b.to % SLOT_MS === 0
    );
  }

  /**
   * The buckets' prints: from the store's own journal of its writes where it keeps one, else
   * from the fingerprints of their slots, read over `span` (all of them) or over each run of them.
   */
  private async printsOf(buckets: readonly TimeRange[], span: TimeRange | null, notBefore = 0): Promise<string[]> {
    const journal = this.store.journal;
    if (journal) return journal.bucketPrints(buckets);
    const ranges = span ? [span] : runsOf(buckets);
    const slots = await Promise.all(ranges.map((r) => this.fingerprints(r, notBefore)));
    return bucketPrints(slots.flat(), buckets);
  }

  /**
   * One fingerprint read per range at a time: the series of one summary, read together, share it.
   * A read started before `notBefore` is not shared: a check after rows were read must start after.
   */
  private fingerprints(range: TimeRange, notBefore = 0): Promise<SlotFingerprint[]> {
    const id = `${range.from}:${range.to}`;
    const shared = this.pending.get(id);
    if (shared && shared.started >= notBefore) return shared.slots;
    const entry = { started: performance.now(), slots: this.store.run(bucketFingerprints(range)) };
    this.pending.set(id, entry);
    const done = () => {
      if (this.pending.get(id) === entry) this.pending.delete(id);
    };
    entry.slots.then(done, done);
    return entry.slots;
  }

  /** Keeps the re-read closed buckets whose fingerprint did not move while they were read. */
  private async keep(
    key: string,
    closed: readonly TimeRange[],
    placed: Map<number, readonly unknown[]>,
    before: Map<number, string>,
    readAt: number,
  ): Promise<void> {
    const reread = closed.filter((b) => placed.has(b.from));
    if (!reread.length) return;
    const after = await this.printsOf(reread, null, readAt);
    const own = this.touch(key);
    reread.forEach((b, i) => {
      const print = before.get(b.from) as string;
      if (after[i] !== print) return;
      if (!own.has(b.from)) this.kept += 1;
      own.set(b.from, { print, rows: Object.freeze((placed.get(b.from) ?? []).map(frozen)) });
    });
    this.trim(key);
  }

  /** The spec's buckets, now the most recently read. */
  private touch(key: string): Map<number, Kept> {
    const own = this.specs.get(key) ?? new Map<number, Kept>();
    this.specs.delete(key);
    this.specs.set(key, own);
    return own;
  }

  private forget(key: string): void {
    this.kept -= this.specs.get(key)?.size ?? 0;
    this.specs.delete(key);
  }

  /** Over the cap: the least recently read specs go, then the oldest buckets of the one just read. */
  private trim(key: string): void {
    for (const other of this.specs.keys()) {
      if (this.kept <= this.maxBuckets) return;
      if (other !== key) this.forget(other);
    }
    const own = this.specs.get(key);
    if (!own) return;
    for (const start of [...own.keys()].sort((a, b) => a - b)) {
      if (this.kept <= this.maxBuckets) return;
      own.delete(start);
      this.kept -= 1;
    }
  }
}

/** Consecutive buckets joined into ranges. */
function runsOf(buckets: readonly TimeRange[]): TimeRange[] {
  const out: TimeRange[] = [];
  for (const b of buckets) {
    const prev = out.at(-1);
    if (prev && prev.to === b.from) prev.to = b.to;
    else out.push({ ...b });
  }
  return out;
}

/** At most `max` ranges: the two with the narrowest gap between them are joined until so. */
function joined(runs: TimeRange[], max: number): TimeRange[] {
  const out = [...runs];
  while (out.length > max) {
    let best = 1;
    for (let i = 2; i < out.length; i++) {
      const gap = (out[i] as TimeRange).from - (out[i - 1] as TimeRange).to;
      if (gap < (out[best] as TimeRange).from - (out[best - 1] as TimeRange).to) best = i;
    }
    out.splice(best - 1, 2, { from: (out[best - 1] as TimeRange).from, to: (out[best] as TimeRange).to });
  }
  return out;
}

function clip(r: TimeRange, range: TimeRange): TimeRange {
  return { from: Math.max(r.from, range.from), to: Math.min(r.to, range.to) };
}

/**
 * The rows read, by the bucket they name, for every bucket read (no rows: no events there). Null
 * when a row names none of them.
 */
function place(read: readonly TimeRange[], rows: readonly BucketRow[]): Map<number, unknown[]> | null {
  const out = new Map<number, unknown[]>(read.map((b) => [b.from, []]));
  for (const r of rows) {
    const own = out.get(r.bucket_start);
    if (!own) return null;
    own.push(r);
  }
  return out;
}

/** Kept rows are shared by every later reader: none may change them. */
function frozen(row: unknown): unknown {
  for (const v of Object.values(row as object)) if (v && typeof v === "object") Object.freeze(v);
  return Object.freeze(row);
}
