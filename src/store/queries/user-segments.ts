import { Type } from "@sinclair/typebox";
import { defineQuery, type Query } from "../query.js";
import { allOf, compileFilter } from "../sql/filter.js";
import { sql } from "../sql/fragment.js";
import { Num } from "../sql/row-types.js";
import { inRange, type TimeRange } from "./parts/time-range.js";

/** How many users of a range are highly engaged, and how many mostly use AI. */
export interface UserSegments {
  users: number;
  /** Users with more than `minEvents` events. */
  high_engagement: number;
  /** Users whose AI runs are more than `minCognitiveShare` of their events. */
  cognitive_power: number;
}

const Row = Type.Object({ n_users: Num, n_high: Num, n_power: Num });

/** One row: users of a range, those above an event count, those above a share of AI runs among their events. */
export function userSegments(spec: TimeRange & { minEvents: number; minCognitiveShare: number }): Query<UserSegments> {
  return defineQuery({
    name: "user-segments",
    row: Row,
    statement: (d) => sql`SELECT count(*) AS n_users,
        ${d.countIf(sql`n_events > ${spec.minEvents}`)} AS n_high,
        ${d.countIf(sql`n_cognitive > ${spec.minCognitiveShare} * n_events`)} AS n_power
        FROM (
          SELECT user_id AS per_user, count(*) AS n_events,
            ${d.countIf(sql`event_type = 'cognitive_process'`)} AS n_cognitive
          FROM events WHERE ${compileFilter(allOf(inRange(spec), { field: "user_id", op: "not_null" }), d)}
          GROUP BY user_id
        ) AS per`,
    map: (r) => ({ users: r.n_users, high_engagement: r.n_high, cognitive_power: r.n_power }),
  });
}
