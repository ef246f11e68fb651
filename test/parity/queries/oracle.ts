import type { EventRecord } from "../../../src/model/event.js";
import type { ValueMeasure } from "../../../src/store/queries/parts/value-measure.js";
import type { Filter } from "../../../src/store/sql/filter.js";

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

/** Whether an event matches a filter of the query layer's language (the comparisons the cases use). */
export function matches(e: EventRecord, f: Filter): boolean {
  if ("and" in f) return f.and.every((g) => matches(e, g));
  if ("or" in f) return f.or.some((g) => matches(e, g));
  if ("not" in f) return !matches(e, f.not);
  const v = fieldOf(e, f.field);
  switch (f.op) {
    case "is_null":
      return v === null;
    case "not_null":
      return v !== null;
    case "in":
      return v !== null && f.value.includes(v);
    case "eq":
      return v === f.value;
    case "ne":
      return v !== null && v !== f.value;
    case "lt":
      return v !== null && v < f.value;
    case "lte":
      return v !== null && v <= f.value;
    case "gt":
      return v !== null && v > f.value;
    case "gte":
      return v !== null && v >= f.value;
    default:
      throw new Error(`the oracle does not read '${f.op}'`);
  }
}

/** A value measure (src/store/queries/parts/value-measure.ts) over a group of events. */
export function valueOracle(m: ValueMeasure, events: readonly EventRecord[]): number | null {
  if (m.fn === "count") return events.length;
  if (m.fn === "share")
    return events.length ? (100 * events.filter((e) => matches(e, m.of)).length) / events.length : null;
  if (m.fn === "distinct") return new Set(events.map((e) => fieldOf(e, m.field)).filter((v) => v !== null)).size;
  const xs = events.map((e) => fieldOf(e, m.field)).filter((v): v is number => typeof v === "number");
  if (!xs.length) return null;
  if (m.fn === "percentile") return numpyPercentile(xs, m.p);
  const sum = xs.reduce((a, b) => a + b, 0);
  return m.fn === "sum" ? sum : sum / xs.length;
}
