import { bucketStart, zoneOffsetMs } from "../insights/buckets.js";
import type { PeriodQuery } from "../model/period.js";
import type { ReportSchedule } from "./schedule.js";

const HOUR_MS = 3_600_000;

/** Start of the local day before the one starting at `dayStart`. */
const dayBefore = (dayStart: number, tz: string) => bucketStart(dayStart - 1, "day", tz);

/** The local calendar date at a day's start: weekday (0 Sunday) and day of the month. */
function localDate(dayStart: number, tz: string): { weekday: number; monthDay: number } {
  const d = new Date(dayStart + zoneOffsetMs(dayStart, tz));
  return { weekday: d.getUTCDay(), monthDay: d.getUTCDate() };
}

function daysBack(dayStart: number, days: number, tz: string): number {
  let t = dayStart;
  for (let i = 0; i < days; i++) t = dayBefore(t, tz);
  return t;
}

/**
 * The period a run due at `due` reports on: the `period` hours up to the due time, or the whole
 * calendar day, week (Monday to Monday) or month before the local day holding the due time, on the
 * clocks of the schedule's zone (so a day across a DST change is 23 or 25 hours long).
 */
export function reportPeriod(s: Pick<ReportSchedule, "period" | "time_zone">, due: number): PeriodQuery {
  const tz = s.time_zone;
  if (typeof s.period === "number") return { from: due - s.period * HOUR_MS, to: due, tz };
  const today = bucketStart(due, "day", tz);
  if (s.period === "previous_day") return { from: dayBefore(today, tz), to: today, tz };
  if (s.period === "previous_week") {
    const monday = daysBack(today, (localDate(today, tz).weekday + 6) % 7, tz);
    return { from: daysBack(monday, 7, tz), to: monday, tz };
  }
  const first = daysBack(today, localDate(today, tz).monthDay - 1, tz);
  const last = dayBefore(first, tz);
  return { from: daysBack(last, localDate(last, tz).monthDay - 1, tz), to: first, tz };
}
