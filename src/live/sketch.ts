import { DDSketch } from "@datadog/sketches-js";

/**
 * The relative error of every quantile the live windows report. DDSketch keeps each value within
 * 1 % of itself; a quantile interpolates, as numpy's linear rule does, between the values of rank
 * ⌊q·(n−1)⌋ and the next, so it is within 1 % of numpy's linear percentile of the same values.
 */
export const RELATIVE_ACCURACY = 0.01;

type Bins = DDSketch["store"];

/** The sketches' shared value-to-bin mapping (every live sketch has the same accuracy). */
const MAPPING = new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY }).mapping;

/**
 * A value with its bin worked out once, for the eight sketches (four windows, slot and total) it
 * goes into: the logarithm is most of what adding a value costs.
 */
export interface Binned {
  value: number;
  /** The bin's key, in the positive or negative store; null for the zero bucket. */
  key: number | null;
  negative: boolean;
}

/** `value` (clamped to Sketch.MAX_VALUE) with its bin, as DDSketch's `accept` would place it. */
export function binned(value: number): Binned {
  const v = Math.min(value, Sketch.MAX_VALUE);
  if (v > MAPPING.minPossible) return { value: v, key: MAPPING.key(v), negative: false };
  if (v < -MAPPING.minPossible) return { value: v, key: MAPPING.key(-v), negative: true };
  return { value: v, key: null, negative: false };
}

function subtractBins(into: Bins, from: Bins): void {
  if (from.count === 0) return;
  for (let key = from.minKey; key <= from.maxKey; key++) {
    const c = from.bins[key - from.offset] ?? 0;
    if (c) into.add(key, -c);
  }
}

/**
 * A DDSketch that can also take a sketch away again. Its bins are counts, so subtracting a slot's
 * bins from a window's running sketch is exact: a window never has to re-merge its slots to answer.
 */
export class Sketch {
  private readonly dd = new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY });

  get count(): number {
    return this.dd.count;
  }

  get sum(): number {
    return this.dd.sum;
  }

  /** Values past this are taken as it: beyond it the sketch's bin boundaries and its sum overflow to Infinity. */
  static readonly MAX_VALUE = 1e300;

  /** Adds a value binned by `binned` (what DDSketch's `accept` does, without working out the bin again). */
  add(b: Binned): void {
    const dd = this.dd;
    if (b.key === null) dd.zeroCount += 1;
    else (b.negative ? dd.negativeStore : dd.store).add(b.key, 1);
    dd.count += 1;
    dd.sum += b.value;
    if (b.value < dd.min) dd.min = b.value;
    if (b.value > dd.max) dd.max = b.value;
  }

  merge(other: Sketch): void {
    this.dd.merge(other.dd);
  }

  /** Takes `other`'s values away; `other` must have been merged (or added value by value) before. */
  subtract(other: Sketch): void {
    const o = other.dd;
    if (o.count === 0) return;
    subtractBins(this.dd.store, o.store);
    subtractBins(this.dd.negativeStore, o.negativeStore);
    this.dd.zeroCount -= o.zeroCount;
    this.dd.count -= o.count;
    // Float sums drift under subtraction; an empty sketch starts again from an exact 0.
    this.dd.sum = this.dd.count === 0 ? 0 : this.dd.sum - o.sum;
  }

  /** numpy's linear percentile, `q` in [0, 1], within RELATIVE_ACCURACY; null when empty. */
  quantile(q: number): number | null {
    const n = this.dd.count;
    if (n === 0) return null;
    const h = q * (n - 1);
    const lo = Math.floor(h);
    const below = this.valueAtRank(lo);
    return lo + 1 < n ? below + (h - lo) * (this.valueAtRank(lo + 1) - below) : below;
  }

  /** The (approximate) value of the rank-th smallest value, from 0; values are never negative here. */
  private valueAtRank(rank: number): number {
    if (rank < this.dd.zeroCount) return 0;
    return this.dd.mapping.value(this.dd.store.keyAtRank(rank - this.dd.zeroCount));
  }

  mean(): number | null {
    return this.dd.count === 0 ? null : this.dd.sum / this.dd.count;
  }
}
