import type { Period } from "../model/period.js";

const HOUR_MS = 3_600_000;

/** The period as every report states it (the first version's keys, plus the time zone). */
export interface ReportPeriod {
  start: string;
  end: string;
  duration_hours: number;
  time_zone: string;
}

export function reportPeriod(p: Period): ReportPeriod {
  return {
    start: new Date(p.from).toISOString(),
    end: new Date(p.to).toISOString(),
    duration_hours: (p.to - p.from) / HOUR_MS,
    time_zone: p.timeZone,
  };
}

/** The header line of a rendered report. */
export function periodLine(p: ReportPeriod, generatedAt: string): string {
  return `${p.start} to ${p.end} (${p.duration_hours} h, times of day in ${p.time_zone}); generated ${generatedAt}`;
}

/** a / b as a percentage, null when b is 0. */
export function percent(a: number, b: number): number | null {
  return b > 0 ? (a / b) * 100 : null;
}
