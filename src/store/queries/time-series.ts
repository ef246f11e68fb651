import { Type } from "@sinclair/typebox";
import { ValidationError } from "../../errors.js";
import { defineQuery, type Query } from "../query.js";
import type { CalendarUnit } from "../sql/dialect.js";
import { allOf, compileFilter, type Filter } from "../sql/filter.js";
import { sql } from "../sql/fragment.js";
import { Num, NumOrNull } from "../sql/row-types.js";
import { type Measure, measure, measureInSteps } from "./parts/measure.js";
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
const SLOT_MS = 15 * 60_000;

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
      const where = compileFilter(allOf(inRange(spec), spec.filter), d);
      if (!("unit" in b)) {
        return sql`SELECT ${d.bucket(sql`ts`, b.widthMs)} AS bucket_start, ${measure(spec.measure, d)} AS value
          FROM events WHERE ${where}
          GROUP BY bucket_start ORDER BY bucket_start`;
      }
      // Converting each row's time to the zone is costly (ICU on DuckDB): rows are first grouped by
      // 15-minute slot, and only the slots are converted. Every zone's offset from UTC is a multiple
      // of 15 minutes, so a slot never straddles two calendar buckets.
      const steps = measureInSteps(spec.measure, d);
      return sql`SELECT ${d.calendarBucket(sql`slot`, b.unit, b.timeZone)} AS bucket_start, ${steps.combined} AS value
        FROM (SELECT ${d.bucket(sql`ts`, SLOT_MS)} AS slot, ${steps.partial} FROM events WHERE ${where} GROUP BY slot)
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
