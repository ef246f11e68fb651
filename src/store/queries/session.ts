import { defineQuery, type Query } from "../query.js";
import { sql } from "../sql/fragment.js";
import { type SessionAggregate, SessionRow, sessionColumns, toSession } from "./parts/session-columns.js";

/** One session, aggregated from its events; no row when no event carries the id. */
export function session(sessionId: string): Query<SessionAggregate> {
  return defineQuery({
    name: "session",
    row: SessionRow,
    statement: (d) => sql`SELECT ${sessionColumns(d)} FROM events WHERE session_id = ${sessionId} GROUP BY session_id`,
    map: toSession,
  });
}
