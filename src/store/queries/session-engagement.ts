import { Type } from "@sinclair/typebox";
import { defineQuery, type Query } from "../query.js";
import { allOf, compileFilter } from "../sql/filter.js";
import { always, sql } from "../sql/fragment.js";
import { Num, NumOrNull } from "../sql/row-types.js";
import { inRange, type TimeRange } from "./parts/time-range.js";

export interface SessionEngagement {
  /** Sessions with at least one event in the range. */
  sessions: number;
  /** Means per session (null without sessions): events other than the start/end markers, … */
  events_per_session: number | null;
  /** … time from its first to its last event in the range (ms), … */
  session_duration_ms: number | null;
  /** … and cognitive-process runs. */
  cognitive_per_session: number | null;
}

const Row = Type.Object({
  n_sessions: Num,
  avg_events: NumOrNull,
  avg_duration: NumOrNull,
  avg_cognitive: NumOrNull,
});

/** Engagement over a range, one row: each session's events, span and AI runs, averaged over sessions. */
export function sessionEngagement(spec: TimeRange): Query<SessionEngagement> {
  return defineQuery({
    name: "session-engagement",
    row: Row,
    statement(d) {
      // Aliases differ from column names: in ClickHouse an alias shadows a column in the whole query.
      return sql`SELECT count(*) AS n_sessions,
        ${d.avgIf(sql`per_events`, always)} AS avg_events,
        ${d.avgIf(sql`per_span`, always)} AS avg_duration,
        ${d.avgIf(sql`per_cognitive`, always)} AS avg_cognitive
        FROM (
          SELECT session_id AS per_session,
            ${d.countIf(sql`event_type NOT IN ('session_start', 'session_end')`)} AS per_events,
            max(ts) - min(ts) AS per_span,
            ${d.countIf(sql`event_type = 'cognitive_process'`)} AS per_cognitive
          FROM events
          WHERE ${compileFilter(allOf(inRange(spec), { field: "session_id", op: "not_null" }), d)}
          GROUP BY session_id
        ) AS per`;
    },
    map: (r) => ({
      sessions: r.n_sessions,
      events_per_session: r.avg_events,
      session_duration_ms: r.avg_duration,
      cognitive_per_session: r.avg_cognitive,
    }),
  });
}
