import { type Static, Type } from "@sinclair/typebox";
import { Cron } from "croner";
import { type FieldError, ValidationError } from "../errors.js";
import { isHttpUrl } from "../model/http-url.js";
import { isTimeZone, MAX_PERIOD_HOURS } from "../model/period.js";
import { wellFormedString } from "../model/strings.js";
import { REPORT_FORMATS, REPORT_TYPES, type ReportFormat, type ReportType } from "../reports/produce.js";

export const CALENDAR_PERIODS = ["previous_day", "previous_week", "previous_month"] as const;
export type CalendarPeriod = (typeof CALENDAR_PERIODS)[number];
export const MAX_EMAILS = 50;
export const MAX_SCHEDULE_WEBHOOKS = 10;

const literals = <T extends string>(values: readonly T[], description: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { description },
  );

/** A plain address (local@domain, no spaces, no angle brackets): nothing a mail header could be bent with. */
const EMAIL = '^[^\\s@<>(),;:"\\\\]+@[^\\s@<>(),;:"\\\\]+\\.[^\\s@<>(),;:"\\\\]+$';

/**
 * A report schedule as the API and the library take it: when (a 5-field cron expression in
 * `time_zone`), what (a report type and format over a period ending at the due time) and to whom.
 */
export const ScheduleInput = Type.Object(
  {
    name: wellFormedString({ minLength: 1, maxLength: 200, description: "Shown in e-mail subjects and file names" }),
    cron: Type.String({
      minLength: 1,
      maxLength: 100,
      description: "5-field cron expression (minute hour day-of-month month day-of-week), in time_zone",
    }),
    report_type: literals(REPORT_TYPES, "The report to send"),
    period: Type.Optional(
      Type.Union(
        [
          Type.Number({
            exclusiveMinimum: 0,
            maximum: MAX_PERIOD_HOURS,
            description: "The N hours up to the due time",
          }),
          literals(CALENDAR_PERIODS, "The whole calendar day, week (Monday to Monday) or month before the due time"),
        ],
        { description: "Hours up to the due time, or previous_day / previous_week / previous_month (default 24)" },
      ),
    ),
    format: Type.Optional(literals(REPORT_FORMATS, "The report's format (default html)")),
    time_zone: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: "IANA time zone of the cron and the report (default UTC)",
      }),
    ),
    recipients: Type.Object(
      {
        emails: Type.Optional(
          Type.Array(Type.String({ maxLength: 254, pattern: EMAIL, description: "An e-mail address" }), {
            maxItems: MAX_EMAILS,
          }),
        ),
        webhooks: Type.Optional(
          Type.Array(wellFormedString({ minLength: 1, maxLength: 2000, description: "An http or https URL" }), {
            maxItems: MAX_SCHEDULE_WEBHOOKS,
          }),
        ),
        directory: Type.Optional(
          Type.Boolean({ description: "Also write the report under <dataDirectory>/reports (default false)" }),
        ),
      },
      { additionalProperties: false, description: "At least one e-mail address, webhook or the directory" },
    ),
    enabled: Type.Optional(Type.Boolean({ description: "A disabled schedule does not run by itself (default true)" })),
  },
  { additionalProperties: false },
);
export type ScheduleInput = Static<typeof ScheduleInput>;

/** A schedule with every default filled in, as stored and run. */
export interface ReportSchedule {
  id: string;
  name: string;
  cron: string;
  report_type: ReportType;
  period: number | CalendarPeriod;
  format: ReportFormat;
  time_zone: string;
  recipients: { emails: string[]; webhooks: string[]; directory: boolean };
  enabled: boolean;
  created_at: number;
}

/** The cron expression's timer in the schedule's zone (paused: the scheduler asks it, it never fires by itself). */
export function cronOf(s: Pick<ReportSchedule, "cron" | "time_zone">): Cron {
  return new Cron(s.cron, { timezone: s.time_zone, paused: true });
}

/** The checks TypeBox cannot state: the cron expression, the zone, URLs, at least one recipient. */
function checkSchedule(input: ScheduleInput): void {
  const errors: FieldError[] = [];
  const fields = input.cron.trim().split(/\s+/);
  if (fields.length !== 5) {
    errors.push({ field: "cron", message: "must have 5 fields: minute hour day-of-month month day-of-week" });
  } else {
    try {
      cronOf({ cron: input.cron, time_zone: "UTC" });
    } catch (err) {
      errors.push({ field: "cron", message: `is not a cron expression: ${(err as Error).message}` });
    }
  }
  if (input.time_zone !== undefined && !isTimeZone(input.time_zone)) {
    errors.push({ field: "time_zone", message: "is not a known IANA time zone" });
  }
  const r = input.recipients;
  (r.webhooks ?? []).forEach((u, i) => {
    if (!isHttpUrl(u)) errors.push({ field: `recipients.webhooks[${i}]`, message: "must be an http or https URL" });
  });
  if (!r.emails?.length && !r.webhooks?.length && !r.directory) {
    errors.push({ field: "recipients", message: "must name at least one e-mail address, webhook or the directory" });
  }
  if (errors.length) throw new ValidationError("Invalid report schedule", errors);
}

/** The schedule with its defaults, stamped with its id and creation time. */
export function toSchedule(input: ScheduleInput, id: string, created_at: number): ReportSchedule {
  checkSchedule(input);
  return {
    id,
    name: input.name,
    cron: input.cron.trim().split(/\s+/).join(" "),
    report_type: input.report_type,
    period: input.period ?? 24,
    format: input.format ?? "html",
    time_zone: input.time_zone ?? "UTC",
    recipients: {
      emails: input.recipients.emails ?? [],
      webhooks: input.recipients.webhooks ?? [],
      directory: input.recipients.directory ?? false,
    },
    enabled: input.enabled ?? true,
    created_at,
  };
}

/** The schedule as the API shows it: times in ISO 8601, and when it runs next. */
export function scheduleView(s: ReportSchedule, now: number) {
  const next = s.enabled ? cronOf(s).nextRun(new Date(now)) : null;
  return {
    ...s,
    created_at: new Date(s.created_at).toISOString(),
    next_run_at: next ? next.toISOString() : null,
  };
}
export type ScheduleView = ReturnType<typeof scheduleView>;
