import { ValidationError } from "../errors.js";
import { bucketStarts, DAY_MS, HOUR_MS } from "../insights/buckets.js";
import type { TimeSpan } from "../model/period.js";
import type { Bucketing } from "../store/queries/time-series.js";

/** Most buckets one series may have: more is a 400 naming `interval` (or the widget coarsens, see below). */
export const MAX_BUCKETS = 2000;
const MINUTE_MS = 60_000;
const UNIT_MS = { m: MINUTE_MS, h: HOUR_MS, d: DAY_MS } as const;
const INTERVAL = /^([0-9]{1,6})([mhd])$/;
/** What a widget without an interval, or one whose interval makes too many buckets, uses: the finest that fits. */
const LADDER = ["1m", "5m", "15m", "1h", "1d", "7d", "30d"];

/** `<int>m|h|d` in ms; zero, negative or malformed is a 400 naming `field`. */
export function parseInterval(text: string, field: string): number {
  const m = INTERVAL.exec(text);
  const n = Number(m?.[1]);
  if (!m || !(n > 0)) {
    throw new ValidationError("Invalid interval", [
      { field, message: "must be a whole number above 0 followed by m, h or d (e.g. 5m, 1h, 1d)" },
    ]);
  }
  const ms = n * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  if (ms > 400 * DAY_MS) throw new ValidationError("Invalid interval", [{ field, message: "may be at most 400d" }]);
  return ms;
}

/** A series' buckets over a period: half-open [t, t + interval), every one present, oldest first. */
export interface BucketGrid {
  bucketing: Bucketing;
  interval_ms: number;
  starts: number[];
}

/**
 * The grid of `intervalMs` over the span: multiples of the width from the epoch, except a day in
 * a zone other than UTC, which is the zone's calendar day (23 or 25 hours across DST).
 */
export function gridOf(span: TimeSpan, intervalMs: number, timeZone: string): BucketGrid {
  if (intervalMs === DAY_MS && timeZone !== "UTC") {
    return { bucketing: { unit: "day", timeZone }, interval_ms: DAY_MS, starts: bucketStarts(span, "day", timeZone) };
  }
  const starts: number[] = [];
  for (let t = Math.floor(span.from / intervalMs) * intervalMs; t < span.to; t += intervalMs) starts.push(t);
  return { bucketing: { widthMs: intervalMs }, interval_ms: intervalMs, starts };
}

const bucketsOf = (span: TimeSpan, ms: number) => Math.ceil((span.to - span.from) / ms) + 1;

/**
 * The interval asked for explicitly (the query's `interval`): more than MAX_BUCKETS over the
 * period is a 400 naming the field.
 */
export function askedInterval(text: string, span: TimeSpan, field: string): number {
  const ms = parseInterval(text, field);
  if (bucketsOf(span, ms) > MAX_BUCKETS) {
    throw new ValidationError("Invalid interval", [
      { field, message: `makes more than ${MAX_BUCKETS} buckets over this period; choose a longer one` },
    ]);
  }
  return ms;
}

/** Without an interval: 5-minute buckets up to 6 hours, hourly up to 3 days, else daily. */
export function defaultInterval(span: TimeSpan): number {
  const length = span.to - span.from;
  if (length <= 6 * HOUR_MS) return 5 * MINUTE_MS;
  return length <= 3 * DAY_MS ? HOUR_MS : DAY_MS;
}

/**
 * A widget's interval over the period: its own (or the default) when it fits in MAX_BUCKETS, else
 * the finest of the ladder that does — a dashboard viewed over a year still draws its hourly
 * widgets, per day, and says so by `interval_ms`.
 */
export function widgetInterval(own: number | undefined, span: TimeSpan): number {
  const wanted = own ?? defaultInterval(span);
  if (bucketsOf(span, wanted) <= MAX_BUCKETS) return wanted;
  for (const step of LADDER) {
    const ms = parseInterval(step, "interval");
    if (ms >= wanted && bucketsOf(span, ms) <= MAX_BUCKETS) return ms;
  }
  return parseInterval(LADDER.at(-1) as string, "interval");
}
