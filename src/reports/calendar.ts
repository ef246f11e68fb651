import { DAY_MS, hourOfDay, zoneOffsetMs } from "../insights/buckets.js";

/** ISO weekday order, Monday first. */
export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** The local date at instant `ms` in `timeZone`, as a whole number of days since 1970-01-01. */
export function localDayNumber(ms: number, timeZone: string): number {
  return Math.floor((ms + zoneOffsetMs(ms, timeZone)) / DAY_MS);
}

/** `YYYY-MM-DD` of a local day number. */
export function dayLabel(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Weekday (0 = Monday) and hour of the day (0–23) of instant `ms` on the clocks of `timeZone`. */
export function weekdayAndHour(ms: number, timeZone: string): { weekday: number; hour: number } {
  // 1970-01-01 was a Thursday (3 days after a Monday).
  return { weekday: (((localDayNumber(ms, timeZone) + 3) % 7) + 7) % 7, hour: hourOfDay(ms, timeZone) };
}
