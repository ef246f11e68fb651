import { Type } from "@sinclair/typebox";
import { defineQuery, type Query } from "../query.js";
import { allOf, compileFilter } from "../sql/filter.js";
import { count, sql } from "../sql/fragment.js";
import { Num, Text } from "../sql/row-types.js";
import { inRange, type TimeRange } from "./parts/time-range.js";

/** One user's activity over a range. */
export interface UserActivity {
  user_id: string;
  events: number;
  /** Distinct sessions of the user's events (events without a session not counted). */
  sessions: number;
  cognitive_events: number;
}

const Row = Type.Object({ per_user: Text, n_events: Num, n_sessions: Num, n_cognitive: Num });

/** The most active users of a range: most events first, ties by user id; with their sessions and AI runs. */
export function userActivity(spec: TimeRange & { limit: number }): Query<UserActivity> {
  return defineQuery({
    name: "user-activity",
    row: Row,
    statement: (d) => sql`SELECT user_id AS per_user, count(*) AS n_events,
        ${d.countDistinct(sql`session_id`)} AS n_sessions,
        ${d.countIf(sql`event_type = 'cognitive_process'`)} AS n_cognitive
        FROM events WHERE ${compileFilter(allOf(inRange(spec), { field: "user_id", op: "not_null" }), d)}
        GROUP BY user_id ORDER BY n_events DESC, per_user LIMIT ${count(spec.limit, "limit")}`,
    map: (r) => ({ user_id: r.per_user, events: r.n_events, sessions: r.n_sessions, cognitive_events: r.n_cognitive }),
  });
}
