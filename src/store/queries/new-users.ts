import { Type } from "@sinclair/typebox";
import { defineQuery, type Query } from "../query.js";
import { allOf, compileFilter } from "../sql/filter.js";
import { sql } from "../sql/fragment.js";
import { Num } from "../sql/row-types.js";
import { inRange, type TimeRange } from "./parts/time-range.js";

/** Users with an event in a range: those whose first event ever is in it (new) and the others (returning). */
export interface NewUsers {
  users: number;
  new_users: number;
  returning_users: number;
}

const Row = Type.Object({ n_users: Num, n_new: Num });

/**
 * New and returning users of a range, one row. Each user's first event is looked for in all the
 * history before the range's end (what retention has kept), so this reads more than the range.
 */
export function newUsers(spec: TimeRange): Query<NewUsers> {
  return defineQuery({
    name: "new-users",
    row: Row,
    statement: (d) => sql`SELECT count(*) AS n_users, ${d.countIf(sql`first_ts >= ${spec.from}`)} AS n_new
      FROM (
        SELECT user_id AS per_user, min(ts) AS first_ts, max(ts) AS last_ts
        FROM events
        WHERE ${compileFilter(allOf(inRange({ from: 0, to: spec.to }), { field: "user_id", op: "not_null" }), d)}
        GROUP BY user_id
      ) AS per
      WHERE last_ts >= ${spec.from}`,
    map: (r) => ({ users: r.n_users, new_users: r.n_new, returning_users: r.n_users - r.n_new }),
  });
}
