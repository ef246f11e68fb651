import { Type } from "@sinclair/typebox";
import { defineQuery, type Query } from "../query.js";
import { allOf, compileFilter, type Filter } from "../sql/filter.js";
import { sql, trusted } from "../sql/fragment.js";
import { Num } from "../sql/row-types.js";
import { inRange, type TimeRange } from "./parts/time-range.js";

/** Users of one day cohort active on one day of the range. */
export interface CohortActivity {
  /** Start (epoch ms) of the cohort's day: the local day, in the time zone, of its users' first event ever. */
  cohort_day: number;
  /** Start of a day of the range on which `users` of the cohort had an event (the cohort's own day included). */
  active_day: number;
  users: number;
}

const Row = Type.Object({ cohort_day: Num, active_day: Num, n: Num });
const HAS_USER: Filter = { field: "user_id", op: "not_null" };

/**
 * Day cohorts of a range and their activity, for retention: users whose first event ever falls in
 * the range form the cohort of that (local) day; each row counts a cohort's users active on a day of
 * the range. The first events are looked for in all history before the range's end.
 */
export function retentionCohorts(spec: TimeRange & { timeZone: string }): Query<CohortActivity> {
  return defineQuery({
    name: "retention-cohorts",
    row: Row,
    statement(d) {
      const day = (ts: "ts" | "first_ts") => d.calendarBucket(trusted(ts), "day", spec.timeZone);
      return sql`SELECT cohort_day, active_day, count(*) AS n
        FROM (
          SELECT user_id AS cohort_user, ${day("ts")} AS active_day
          FROM events WHERE ${compileFilter(allOf(inRange(spec), HAS_USER), d)}
          GROUP BY cohort_user, active_day
        ) AS activity
        INNER JOIN (
          SELECT cohort_user, ${day("first_ts")} AS cohort_day
          FROM (
            SELECT user_id AS cohort_user, min(ts) AS first_ts
            FROM events WHERE ${compileFilter(allOf(inRange({ from: 0, to: spec.to }), HAS_USER), d)}
            GROUP BY cohort_user
          ) AS firsts
          WHERE first_ts >= ${spec.from}
        ) AS cohorts USING (cohort_user)
        GROUP BY cohort_day, active_day ORDER BY cohort_day, active_day`;
    },
    map: (r) => ({ cohort_day: r.cohort_day, active_day: r.active_day, users: r.n }),
  });
}
