import type { EventRecord } from "../../../src/model/event.js";

/**
 * Plain-TypeScript readings of what the queries promise, for the parity cases: no SQL, no engine,
 * so a mistake both dialects share still shows.
 */
export const inSpan = (events: readonly EventRecord[], r: { from: number; to: number }) =>
  events.filter((e) => e.timestamp >= r.from && e.timestamp < r.to);

/** The span's events grouped by the start of their bucket, oldest bucket first (empty buckets absent). */
export function byBucket(
  events: readonly EventRecord[],
  r: { from: number; to: number },
  start: (ts: number) => number,
): Array<[number, EventRecord[]]> {
  const groups = new Map<number, EventRecord[]>();
  for (const e of inSpan(events, r)) {
    const k = start(e.timestamp);
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]);
}

/** A field as the store's typed column holds it: envelope fields, else the typed value in data. */
export function fieldOf(e: EventRecord, field: string): string | number | boolean | null {
  if (field === "timestamp") return e.timestamp;
  if (field === "event_type" || field === "event_id" || field === "user_id" || field === "session_id") return e[field];
  const v = e.data[field];
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : null;
}

/** numpy.percentile's default rule: linear interpolation between the closest ranks. */
export function numpyPercentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const a = [...values].sort((x, y) => x - y);
  const h = (a.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, a.length - 1);
  return (a[lo] as number) + (h - lo) * ((a[hi] as number) - (a[lo] as number));
}

/** What clocks in `timeZone` show at instant `ms`, read back as if it were UTC. */
function localAsUtc(ms: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(ms)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  return Date.UTC(
    parts.year as number,
    (parts.month as number) - 1,
    parts.day as number,
    parts.hour as number,
    parts.minute as number,
    parts.second as number,
  );
}

/** The instant at which local wall time `local` (as UTC ms) happens in `timeZone` (midnights are never skipped here). */
function instantOf(local: number, timeZone: string): number {
  let t = local;
  for (let i = 0; i < 3; i++) t = local - (localAsUtc(t, timeZone) - t);
  return t;
}

export function calendarStart(ms: number, unit: "hour" | "day" | "week" | "month", timeZone: string): number {
  const local = localAsUtc(Math.floor(ms / 1000) * 1000, timeZone);
  if (unit === "hour") return ms - (((local % 3_600_000) + 3_600_000) % 3_600_000) - (ms % 1000);
  const d = new Date(local);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (unit === "day") return instantOf(midnight, timeZone);
  if (unit === "week") return instantOf(midnight - ((d.getUTCDay() + 6) % 7) * 86_400_000, timeZone);
  return instantOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), timeZone);
}

/** Count of each key, as a Map in first-seen order. */
export function tally<K>(keys: Iterable<K>): Map<K, number> {
  const m = new Map<K, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}
