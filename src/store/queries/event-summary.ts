import { Type } from "@sinclair/typebox";
import { EVENT_TYPES, type EventType } from "../../model/event-types.js";
import { defineQuery, type Query } from "../query.js";
import { allOf, compileFilter, type Filter } from "../sql/filter.js";
import { always, join, sql, trusted } from "../sql/fragment.js";
import { Num, NumOrNull } from "../sql/row-types.js";
import { inRange, type TimeRange } from "./parts/time-range.js";

export interface EventSummary {
  events: number;
  by_type: Record<EventType, number>;
  /** Distinct non-null user ids and session ids. */
  users: number;
  sessions: number;
  /** Times of the first and last event in the range; null when it holds none. */
  first_event: number | null;
  last_event: number | null;
}

const Row = Type.Object({
  events: Num,
  users: Num,
  sessions: Num,
  first_event: NumOrNull,
  last_event: NumOrNull,
  ...Object.fromEntries(EVENT_TYPES.map((t) => [`n_${t}`, Num])),
});

/** One row over a time range: counts by type, distinct users and sessions, the time span. One scan. */
export function eventSummary(spec: TimeRange & { filter?: Filter }): Query<EventSummary> {
  return defineQuery({
    name: "event-summary",
    row: Row,
    statement(d) {
      const byType = EVENT_TYPES.map((t) => sql`${d.countIf(sql`event_type = ${t}`)} AS ${trusted(`n_${t}`)}`);
      return sql`SELECT count(*) AS events,
        ${d.countDistinct(sql`user_id`)} AS users,
        ${d.countDistinct(sql`session_id`)} AS sessions,
        ${d.minIf(sql`ts`, always)} AS first_event,
        ${d.maxIf(sql`ts`, always)} AS last_event,
        ${join(byType, ", ")}
        FROM events WHERE ${compileFilter(allOf(inRange(spec), spec.filter), d)}`;
    },
    map: (r) => {
      const row = r as unknown as Record<string, number>;
      return {
        events: r.events,
        by_type: Object.fromEntries(EVENT_TYPES.map((t) => [t, row[`n_${t}`] as number])) as Record<EventType, number>,
        users: r.users,
        sessions: r.sessions,
        first_event: r.first_event,
        last_event: r.last_event,
      };
    },
  });
}
