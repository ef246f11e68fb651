import { Type } from "@sinclair/typebox";
import type { Dialect } from "../../sql/dialect.js";
import { type Fragment, sql } from "../../sql/fragment.js";
import { Num, NumOrNull, Text, TextOrNull } from "../../sql/row-types.js";

/** What the store knows of a session, aggregated from the events that carry its id. */
export interface SessionAggregate {
  session_id: string;
  user_id: string | null;
  start_time: number;
  last_activity: number;
  /** Time of the session_end event, if there is one. */
  ended_at: number | null;
  ip_address: string | null;
  user_agent: string | null;
  events_count: number;
  cognitive_processes: number;
  api_calls: number;
}

const START = sql`event_type = 'session_start'`;
const END = sql`event_type = 'session_end'`;

/** The aggregates a session's HAVING conditions refer to. */
export function sessionMeasures(d: Dialect): { firstUser: Fragment; ends: Fragment; lastActivity: Fragment } {
  return {
    firstUser: d.firstIf(sql`user_id`, sql`ts`, sql`user_id IS NOT NULL`),
    ends: d.countIf(END),
    lastActivity: sql`max(ts)`,
  };
}

/**
 * The select list of a session grouped by session_id. Aliases differ from column names: in
 * ClickHouse an alias shadows a column everywhere in the query.
 */
export function sessionColumns(d: Dialect): Fragment {
  const m = sessionMeasures(d);
  return sql`session_id,
    ${m.firstUser} AS first_user_id,
    min(ts) AS start_time,
    ${m.lastActivity} AS last_activity,
    ${d.minIf(sql`ts`, END)} AS ended_at,
    ${d.firstIf(sql`ip_address`, sql`ts`, START)} AS start_ip_address,
    ${d.firstIf(sql`user_agent`, sql`ts`, START)} AS start_user_agent,
    ${d.countIf(sql`event_type NOT IN ('session_start', 'session_end')`)} AS events_count,
    ${d.countIf(sql`event_type = 'cognitive_process'`)} AS cognitive_processes,
    ${d.countIf(sql`event_type = 'api_request'`)} AS api_calls`;
}

export const SessionRow = Type.Object({
  session_id: Text,
  first_user_id: TextOrNull,
  start_time: Num,
  last_activity: Num,
  ended_at: NumOrNull,
  start_ip_address: TextOrNull,
  start_user_agent: TextOrNull,
  events_count: Num,
  cognitive_processes: Num,
  api_calls: Num,
});

export function toSession(r: {
  session_id: string;
  first_user_id: string | null;
  start_time: number;
  last_activity: number;
  ended_at: number | null;
  start_ip_address: string | null;
  start_user_agent: string | null;
  events_count: number;
  cognitive_processes: number;
  api_calls: number;
}): SessionAggregate {
  return {
    session_id: r.session_id,
    user_id: r.first_user_id,
    start_time: r.start_time,
    last_activity: r.last_activity,
    ended_at: r.ended_at,
    ip_address: r.start_ip_address,
    user_agent: r.start_user_agent,
    events_count: r.events_count,
    cognitive_processes: r.cognitive_processes,
    api_calls: r.api_calls,
  };
}
