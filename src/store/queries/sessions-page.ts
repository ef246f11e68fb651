import { defineQuery, type Query } from "../query.js";
import { count, sql } from "../sql/fragment.js";
import type { Cursor } from "./parts/cursor.js";
import {
  type SessionAggregate,
  SessionRow,
  sessionColumns,
  sessionMeasures,
  toSession,
} from "./parts/session-columns.js";
import { matchingSessions, type SessionFilter } from "./parts/session-filter.js";

export interface SessionsPageQuery extends SessionFilter {
  limit: number;
  after?: Cursor;
}

/** Sessions newest activity first, one keyset page at a time. */
export function sessionsPage(q: SessionsPageQuery): Query<SessionAggregate> {
  return defineQuery({
    name: "sessions-page",
    row: SessionRow,
    statement(d) {
      const m = sessionMeasures(d);
      // The cursor compares the aggregate, so it is written out here rather than through a column.
      const after = q.after
        ? [
            sql`(${m.lastActivity} < ${q.after.at} OR (${m.lastActivity} = ${q.after.at} AND session_id < ${q.after.id}))`,
          ]
        : [];
      return sql`SELECT ${sessionColumns(d)} ${matchingSessions(q, d, after)}
        ORDER BY last_activity DESC, session_id DESC LIMIT ${count(q.limit, "limit")}`;
    },
    map: toSession,
  });
}
