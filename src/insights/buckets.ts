import type { TimeSpan } from "../model/period.js";
import type { Bucketing } from "../store/queries/time-series.js";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Series buckets: UTC hours (fixed width), or calendar days as clocks in the period's time zone show them. */
export type BucketSize = "hour" | "day";

/** The query layer's bucketing for a size. */
export function bucketing(size: BucketSize, timeZone: string): Bucketing {
  return size === "hour" ? { widthMs: HOUR_MS } : { unit: "day", timeZone };
}

/** One formatter per zone: making one costs far more than using it (the anomaly slots ask thousands of times). */
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

function offsetFormat(timeZone: string): Intl.DateTimeFormat {
  let f = offsetFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    offsetFormats.set(timeZone, f);
  }
  return f;
}

/** Milliseconds by which clocks in `timeZone` are ahead of UTC at instant `ms` (Intl's "GMT+05:30"). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const name =
    offsetFormat(timeZone)
      .formatToParts(ms)
      .find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * HOUR_MS + Number(m[3]) * 60_000);
}

/** Start of the bucket holding `ms`. A day starts at local midnight (23 or 25 hours long across DST). */
export function bucketStart(ms: number, size: BucketSize, timeZone: string): number {
  if (size === "hour") return Math.floor(ms / HOUR_MS) * HOUR_MS;
  const localMidnight = Math.floor((ms + zoneOffsetMs(ms, timeZone)) / DAY_MS) * DAY_MS;
  // The offset at midnight may differ from the offset at `ms` (a DST change that day): settle it.
  let start = localMidnight - zoneOffsetMs(ms, timeZone);
  start = localMidnight - zoneOffsetMs(start, timeZone);
  return start;
}

/** Start of the bucket after the one starting at `start`. */
export function nextBucket(start: number, size: BucketSize, timeZone: string): number {
  return size === "hour" ? start + HOUR_MS : bucketStart(start + DAY_MS + 3 * HOUR_MS, size, timeZone);
}

/** Starts of the buckets that meet the span [from, to), oldest first. */
export function bucketStarts(span: TimeSpan, size: BucketSize, timeZone: string): number[] {
  const out: number[] = [];
  for (let t = bucketStart(span.from, size, timeZone); t < span.to; t = nextBucket(t, size, timeZone)) out.push(t);
  return out;
}

/**
 * The part of a span made of whole buckets: from the first bucket starting at or after `from` to the
 * start of the bucket holding `to`. A partial bucket (the current hour) would read as a drop.
 */
export function wholeBuckets(span: TimeSpan, size: BucketSize, timeZone: string): TimeSpan {
  const first = bucketStart(span.from, size, timeZone);
  const from = first === span.from ? first : nextBucket(first, size, timeZone);
  const to = bucketStart(span.to, size, timeZone);
  return { from, to: Math.max(from, to) };
}

/** Position in the day (0–23) of an hour starting at `ms`, on the clocks of `timeZone`: the seasonal slot. */
export function hourOfDay(ms: number, timeZone: string): number {
  return Math.floor(((((ms + zoneOffsetMs(ms, timeZone)) % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
}
