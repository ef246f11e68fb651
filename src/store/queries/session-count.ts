import { Type } from "@sinclair/typebox";
import { defineQuery, type Query } from "../query.js";
import { sql } from "../sql/fragment.js";
import { Num } from "../sql/row-types.js";
import { matchingSessions, type SessionFilter } from "./parts/session-filter.js";

/** How many sessions match (health's active sessions): counted by the engine, not listed. */
export function sessionCount(q: SessionFilter): Query<{ sessions: number }> {
  return defineQuery({
    name: "session-count",
    row: Type.Object({ sessions: Num }),
    statement: (d) => sql`SELECT count(*) AS sessions FROM (SELECT session_id ${matchingSessions(q, d)}) AS matching`,
  });
}
