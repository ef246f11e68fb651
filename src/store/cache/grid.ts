import type { TimeRange } from "../queries/parts/time-range.js";

/** Where a series' buckets begin and end: the engine's bucket starts, computed in TypeScript. */
export interface BucketGrid {
  /** Start of the bucket holding `ms`. */
  start(ms: number): number;
  /** Start of the bucket after the one starting at `start`. */
  next(start: number): number;
}

/** Fixed-width buckets, multiples of `widthMs` from the epoch (as the dialects' `bucket` cuts them). */
export function fixedGrid(widthMs: number): BucketGrid {
  return { start: (ms) => Math.floor(ms / widthMs) * widthMs, next: (start) => start + widthMs };
}

/** The buckets meeting a range, oldest first; null past `limit` of them (too fine to be worth keeping). */
export function bucketsOf(range: TimeRange, grid: BucketGrid, limit: number): TimeRange[] | null {
  const out: TimeRange[] = [];
  for (let from = grid.start(range.from); from < range.to; from = grid.next(from)) {
    if (out.length === limit) return null;
    out.push({ from, to: grid.next(from) });
  }
  return out;
}
