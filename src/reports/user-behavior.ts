import type { Period } from "../model/period.js";
import { newUsers } from "../store/queries/new-users.js";
import { type CohortActivity, retentionCohorts } from "../store/queries/retention-cohorts.js";
import { SESSION_BANDS_MINUTES, sessionLengths } from "../store/queries/session-lengths.js";
import { timeSeries } from "../store/queries/time-series.js";
import { topValues } from "../store/queries/top-values.js";
import { dayLabel, localDayNumber, WEEKDAYS, weekdayAndHour } from "./calendar.js";
import { type Chart, figuresTable, type ReportDocument, section } from "./document.js";
import { percent, periodLine, type ReportPeriod, reportPeriod } from "./period-info.js";
import type { ReportSources } from "./sources.js";

/** Days after the cohort's day at which retention is measured. */
export const RETENTION_DAYS = [1, 7, 30] as const;
const MOST_ACTIVE = 10;
const TOP_ACTIONS = 20;
const MINUTE_MS = 60_000;

export interface Retained {
  users: number;
  /** Percentage of the cohort. */
  rate: number;
}

export interface Cohort {
  /** The local day (YYYY-MM-DD in the report's time zone) of its users' first event. */
  cohort: string;
  users: number;
  /** Users active on day 1, 7 and 30 after it; null when that day had not begun before the period's end. */
  day_1: Retained | null;
  day_7: Retained | null;
  day_30: Retained | null;
}

export interface UserBehaviorReport {
  report_type: "user_behavior";
  generated_at: string;
  period: ReportPeriod;
  summary: {
    unique_users: number;
    /** Users whose first event ever is in the period, and the others. */
    new_users: number;
    returning_users: number;
    total_sessions: number;
    /** Minutes from a session's first to its last event in the period: mean and median (null without sessions). */
    avg_session_duration: number | null;
    median_session_duration: number | null;
    most_active_users: Array<{ user_id: string; events: number }>;
  };
  usage_patterns: {
    action_ranking: Array<{ action: string; count: number }>;
    /** Events of users by local hour of the day (0–23) and weekday. */
    hourly_distribution: Record<string, number>;
    daily_distribution: Record<string, number>;
    /** counts[weekday][hour], weekdays Monday first. */
    activity_by_weekday_and_hour: { weekdays: string[]; counts: number[][] };
    session_length_distribution: Array<{
      band: string;
      min_minutes: number;
      max_minutes: number | null;
      sessions: number;
    }>;
  };
  retention: {
    cohorts: Cohort[];
    /** Over every cohort whose day k had begun: retained users / their users, in %. */
    overall: { day_1: number | null; day_7: number | null; day_30: number | null };
  };
}

const minutes = (ms: number | null) => (ms === null ? null : ms / MINUTE_MS);

/** Each cohort's size and the users back on day 1, 7 and 30, from the cohort × day counts. */
export function cohortsOf(rows: readonly CohortActivity[], period: Period): UserBehaviorReport["retention"] {
  const lastDay = localDayNumber(period.to - 1, period.timeZone);
  const cohorts = new Map<number, { size: number; back: Map<number, number> }>();
  for (const r of rows) {
    const c = localDayNumber(r.cohort_day, period.timeZone);
    const entry = cohorts.get(c) ?? { size: 0, back: new Map<number, number>() };
    const k = localDayNumber(r.active_day, period.timeZone) - c;
    if (k === 0) entry.size = r.users;
    else entry.back.set(k, r.users);
    cohorts.set(c, entry);
  }
  const list: Cohort[] = [];
  const totals = RETENTION_DAYS.map(() => ({ users: 0, back: 0 }));
  for (const [day, { size, back }] of [...cohorts.entries()].sort((a, b) => a[0] - b[0])) {
    const at = RETENTION_DAYS.map((k, i) => {
      if (day + k > lastDay) return null;
      const users = back.get(k) ?? 0;
      const t = totals[i] as { users: number; back: number };
      t.users += size;
      t.back += users;
      return { users, rate: percent(users, size) ?? 0 };
    });
    list.push({
      cohort: dayLabel(day),
      users: size,
      day_1: at[0] ?? null,
      day_7: at[1] ?? null,
      day_30: at[2] ?? null,
    });
  }
  const rate = (i: number) => percent(totals[i]?.back ?? 0, totals[i]?.users ?? 0);
  return { cohorts: list, overall: { day_1: rate(0), day_7: rate(1), day_30: rate(2) } };
}

/** The user-behaviour report over a period: users, sessions, usage patterns and retention, from the store. */
export async function userBehaviorReport(s: ReportSources, period: Period): Promise<UserBehaviorReport> {
  const span = { from: period.from, to: period.to };
  const tz = period.timeZone;
  const [[users], [lengths], active, actions, hourly, cohortRows] = await Promise.all([
    s.runner.run(newUsers(span)),
    s.runner.run(sessionLengths(span)),
    s.runner.run(topValues({ ...span, field: "user_id", limit: MOST_ACTIVE })),
    s.runner.run(
      topValues({
        ...span,
        field: "action",
        limit: TOP_ACTIONS,
        filter: { field: "event_type", op: "eq", value: "user_action" },
      }),
    ),
    s.runner.run(
      timeSeries({
        ...span,
        bucket: { unit: "hour", timeZone: tz },
        measure: { fn: "count" },
        filter: { field: "user_id", op: "not_null" },
      }),
    ),
    s.runner.run(retentionCohorts({ ...span, timeZone: tz })),
  ]);
  const grid = WEEKDAYS.map(() => Array.from({ length: 24 }, () => 0));
  for (const p of hourly) {
    const { weekday, hour } = weekdayAndHour(p.bucket_start, tz);
    (grid[weekday] as number[])[hour] = ((grid[weekday] as number[])[hour] as number) + (p.value ?? 0);
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    report_type: "user_behavior",
    generated_at: new Date(s.now()).toISOString(),
    period: reportPeriod(period),
    summary: {
      unique_users: users?.users ?? 0,
      new_users: users?.new_users ?? 0,
      returning_users: users?.returning_users ?? 0,
      total_sessions: lengths?.sessions ?? 0,
      avg_session_duration: minutes(lengths?.mean_ms ?? null),
      median_session_duration: minutes(lengths?.median_ms ?? null),
      most_active_users: active.map((u) => ({ user_id: String(u.value), events: u.count })),
    },
    usage_patterns: {
      action_ranking: actions.map((a) => ({ action: String(a.value), count: a.count })),
      hourly_distribution: Object.fromEntries(
        Array.from({ length: 24 }, (_, h) => [String(h), sum(grid.map((row) => row[h] as number))]),
      ),
      daily_distribution: Object.fromEntries(WEEKDAYS.map((d, i) => [d, sum(grid[i] as number[])])),
      activity_by_weekday_and_hour: { weekdays: [...WEEKDAYS], counts: grid },
      session_length_distribution: SESSION_BANDS_MINUTES.map((lo, i) => {
        const hi = SESSION_BANDS_MINUTES[i + 1] ?? null;
        return {
          band: hi === null ? `${lo}+ min` : `${lo}-${hi} min`,
          min_minutes: lo,
          max_minutes: hi,
          sessions: lengths?.bands[i] ?? 0,
        };
      }),
    },
    retention: cohortsOf(cohortRows, period),
  };
}

const retainedCell = (r: Retained | null) => (r === null ? null : r.rate);

/** The user-behaviour report laid out: summary, patterns (with charts), retention. */
export function userBehaviorDocument(r: UserBehaviorReport): ReportDocument {
  const u = r.usage_patterns;
  const hours = Object.keys(u.hourly_distribution);
  const charts: Chart[] = [
    {
      kind: "line",
      title: "Activity by hour of the day",
      labels: hours.map((h) => `${h.padStart(2, "0")}:00`),
      series: [{ name: "events", values: Object.values(u.hourly_distribution) }],
      unit: "events",
    },
    {
      kind: "bar",
      title: "Activity by weekday",
      labels: Object.keys(u.daily_distribution),
      series: [{ name: "events", values: Object.values(u.daily_distribution) }],
      unit: "events",
    },
    {
      kind: "bar",
      title: "Session length",
      labels: u.session_length_distribution.map((b) => b.band),
      series: [{ name: "sessions", values: u.session_length_distribution.map((b) => b.sessions) }],
      unit: "sessions",
    },
  ];
  const { most_active_users, ...figures } = r.summary;
  return {
    title: "User behaviour report",
    subtitle: periodLine(r.period, r.generated_at),
    sections: [
      section("Summary", {
        tables: [
          figuresTable("summary", "Users and sessions (durations in minutes)", figures),
          {
            name: "most_active_users",
            title: "Most active users",
            columns: ["user_id", "events"],
            rows: most_active_users.map((x) => [x.user_id, x.events]),
          },
        ],
      }),
      section("Usage patterns", {
        charts: r.summary.unique_users ? charts : [],
        tables: [
          {
            name: "action_ranking",
            title: "Actions",
            columns: ["action", "count"],
            rows: u.action_ranking.map((a) => [a.action, a.count]),
          },
          {
            name: "activity_by_weekday_and_hour",
            title: `Events by weekday and hour (${r.period.time_zone})`,
            columns: ["weekday", ...hours],
            rows: u.activity_by_weekday_and_hour.weekdays.map((d, i) => [
              d,
              ...(u.activity_by_weekday_and_hour.counts[i] as number[]),
            ]),
          },
          {
            name: "session_lengths",
            title: "Session length",
            columns: ["band", "sessions"],
            rows: u.session_length_distribution.map((b) => [b.band, b.sessions]),
          },
        ],
      }),
      section("Retention", {
        notes: [
          "A cohort is the users whose first event falls on that day; day k is the share of them active k days later (– when that day had not begun by the period's end).",
        ],
        tables: [
          {
            name: "retention",
            title: "Day cohorts (% of the cohort)",
            columns: ["cohort", "users", "day_1", "day_7", "day_30"],
            rows: [
              ...r.retention.cohorts.map((c) => [
                c.cohort,
                c.users,
                retainedCell(c.day_1),
                retainedCell(c.day_7),
                retainedCell(c.day_30),
              ]),
            ],
          },
          figuresTable("retention_overall", "All cohorts (%)", r.retention.overall),
        ],
      }),
    ],
  };
}
