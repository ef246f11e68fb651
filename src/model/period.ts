import { type Static, Type } from "@sinclair/typebox";
import { ValidationError } from "../errors.js";
import { timeSchema, toEpochMs } from "./time.js";

const HOUR_MS = 3_600_000;
/** The longest period a read may cover: a little over a year (retention's default is 365 days). */
export const MAX_PERIOD_HOURS = 24 * 400;

/**
 * The period every analytics read takes, as the first version's `hours` did: the last `hours`
 * (default 24) up to now, or `from`/`to`; `tz` for calendar buckets; `compare=previous` for the
 * same figures over the period just before.
 */
export const PeriodQuery = Type.Object({
  hours: Type.Optional(
    Type.Number({
      exclusiveMinimum: 0,
      maximum: MAX_PERIOD_HOURS,
      description: "The last N hours up to now (default 24); not with from/to",
    }),
  ),
  from: Type.Optional(timeSchema("Start of the period (inclusive)")),
  to: Type.Optional(timeSchema("End of the period (exclusive; default now)")),
  tz: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: "IANA time zone for calendar buckets (default UTC)" }),
  ),
  compare: Type.Optional(Type.Literal("previous", { description: "Also answer for the period just before" })),
});
export type PeriodQuery = Static<typeof PeriodQuery>;

/** The query string of a read that takes the period and nothing else: an unknown parameter is a 400. */
export const PeriodOnlyQuery = Type.Composite([PeriodQuery], { additionalProperties: false });

/** A half-open range [from, to) in epoch ms. */
export interface TimeSpan {
  from: number;
  to: number;
}

export interface Period extends TimeSpan {
  timeZone: string;
  /** The span of the same length just before, when `compare=previous` asked for it. */
  previous: TimeSpan | null;
}

/** True for a time zone name this runtime knows (Intl's IANA database). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Resolves a schema-checked PeriodQuery at `now`; a contradictory one is a 400 naming the field. */
export function resolvePeriod(q: PeriodQuery, now: number, defaultHours = 24): Period {
  const bad = (field: string, message: string) => new ValidationError("Invalid period", [{ field, message }]);
  if (q.hours !== undefined && (q.from !== undefined || q.to !== undefined)) {
    throw bad("hours", "cannot be combined with from/to");
  }
  const to = q.to !== undefined ? toEpochMs(q.to) : now;
  const from = q.from !== undefined ? toEpochMs(q.from) : to - (q.hours ?? defaultHours) * HOUR_MS;
  if (!Number.isFinite(from)) throw bad("from", "is not a time");
  if (!Number.isFinite(to)) throw bad("to", "is not a time");
  if (from >= to) throw bad(q.from !== undefined ? "from" : "to", "must be before to");
  if (to - from > MAX_PERIOD_HOURS * HOUR_MS)
    throw bad("from", `the period may span at most ${MAX_PERIOD_HOURS} hours`);
  const timeZone = q.tz ?? "UTC";
  if (!isTimeZone(timeZone)) throw bad("tz", "is not a known IANA time zone");
  const previous = q.compare === "previous" ? { from: from - (to - from), to: from } : null;
  return { from, to, timeZone, previous };
}
