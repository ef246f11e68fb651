import { Type } from "@sinclair/typebox";
import { defineQuery, type Query } from "../query.js";
import { allOf, compileFilter, type Filter } from "../sql/filter.js";
import { join, sql } from "../sql/fragment.js";
import { Num } from "../sql/row-types.js";
import { inRange, type TimeRange } from "./parts/time-range.js";

/** Upper bounds of the size classes: 1, 2–5, 6–10, 11–20, 21–50, 51–100, 101–1000, more. */
export const SESSION_SIZE_BOUNDS = [1, 5, 10, 20, 50, 100, 1000] as const;

export interface SessionSizeClass {
  /** The class's largest size (events per session); null for the open class above the last bound. */
  upper: number | null;
  sessions: number;
}

const Row = Type.Object({ size_class: Num, n: Num });

/**
 * How many sessions had how many events over a range (each session's events in the range that match
 * the filter), by size class, smallest class first; classes without sessions absent.
 */
export function sessionSizes(spec: TimeRange & { filter?: Filter }): Query<SessionSizeClass> {
  const open = SESSION_SIZE_BOUNDS.length;
  return defineQuery({
    name: "session-sizes",
    row: Row,
    statement(d) {
      const whens = SESSION_SIZE_BOUNDS.map((b, i) => sql`WHEN per_n <= ${b} THEN ${i}`);
      const where = allOf(inRange(spec), { field: "session_id", op: "not_null" }, spec.filter);
      return sql`SELECT (CASE ${join(whens, " ")} ELSE ${open} END) AS size_class, count(*) AS n
        FROM (SELECT session_id AS per_session, count(*) AS per_n FROM events WHERE ${compileFilter(where, d)}
          GROUP BY session_id) AS per
        GROUP BY size_class ORDER BY size_class`;
    },
    map: (r) => ({ upper: SESSION_SIZE_BOUNDS[r.size_class] ?? null, sessions: r.n }),
  });
}
