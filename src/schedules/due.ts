import { cronOf, type ReportSchedule } from "./schedule.js";

/**
 * The occurrence a schedule owes at `now`: its latest cron time at or before `now`, if the schedule
 * existed then. The catch-up rule follows from it: occurrences missed while no node ran are not
 * replayed one by one; the first tick after a restart finds the latest of them due (unless a run of
 * it is recorded) and runs it once; older ones stay skipped.
 */
export function dueOccurrence(s: ReportSchedule, now: number): number | null {
  const [latest] = cronOf(s).previousRuns(1, new Date(now + 1));
  if (!latest) return null;
  const at = latest.getTime();
  return at >= s.created_at ? at : null;
}
