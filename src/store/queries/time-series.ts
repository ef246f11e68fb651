import { Type } from "@sinclair/typebox";
import { ValidationError } from "../../errors.js";
import { defineQuery, type Query } from "../query.js";
import type { CalendarUnit } from "../sql/dialect.js";
import { allOf, compileFilter, type Filter } from "../sql/filter.js";
import { sql } from "../sql/fragment.js";
import { Num, NumOrNull } from "../sql/row-types.js";
import { type Measure, measure } from "./parts/measure.js";
import { inRange, type TimeRange } from "./parts/time-range.js";

/** Fixed-width buckets (multiples of `widthMs` from the epoch), or calendar ones as clocks in `timeZone` show them. */
export type Bucketing = { widthMs: number } | { unit: CalendarUnit; timeZone: string };

export interface SeriesPoint {
  /** Start of the bucket, epoch ms UTC. */
  bucket_start: number;
  value: number | null;
}

const Row = Type.Object({ bucket_start: Num, value: NumOrNull });
const UNITS: readonly CalendarUnit[] = ["hour", "day", "week", "month"];

/**
 * A measure per time bucket over a range, oldest bucket first. Buckets without events are absent
 * (the caller fills gaps if its chart wants zeros): neither engine is asked to invent rows.
 */
export function timeSeries(
  spec: TimeRange & { bucket: Bucketing; measure: Measure; filter?: Filter },
): Query<SeriesPoint> {
  const b = spec.bucket;
  if ("unit" in b) checkCalendar(b.unit, b.timeZone);
  return defineQuery({
    name: "time-series",
    row: Row,
    statement(d) {
      const start = "unit" in b ? d.calendarBucket(sql`ts`, b.unit, b.timeZone) : d.bucket(sql`ts`, b.widthMs);
      return sql`SELECT ${start} AS bucket_start, ${measure(spec.measure, d)} AS value
        FROM events WHERE ${compileFilter(allOf(inRange(spec), spec.filter), d)}
        GROUP BY bucket_start ORDER BY bucket_start`;
    },
  });
}

function checkCalendar(unit: CalendarUnit, timeZone: string): void {
  if (!UNITS.includes(unit)) {
    throw new ValidationError("Invalid query", [
      { field: "bucket.unit", message: `must be one of ${UNITS.join(", ")}` },
    ]);
  }
  try {
    new Intl.DateTimeFormat("en", { timeZone });
  } catch {
    throw new ValidationError("Invalid query", [
      { field: "bucket.timeZone", message: `unknown time zone '${timeZone}'` },
    ]);
  }
}
