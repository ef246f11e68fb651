import type { Dialect } from "../../sql/dialect.js";
import { type Fragment, sql } from "../../sql/fragment.js";
import type { Bucketing } from "../time-series.js";

/** Start (epoch ms) of each event's bucket: a fixed width from the epoch, or a calendar unit in a zone. */
export function bucketStart(b: Bucketing, d: Dialect): Fragment {
  return "unit" in b ? d.calendarBucket(sql`ts`, b.unit, b.timeZone) : d.bucket(sql`ts`, b.widthMs);
}
