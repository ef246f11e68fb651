import type { SessionStatus } from "../../model/session-status.js";
import { defineQuery, type Query } from "../query.js";
import { compileFilter } from "../sql/filter.js";
import { count, empty, type Fragment, join, sql } from "../sql/fragment.js";
import type { Cursor } from "./parts/cursor.js";
import {
  type SessionAggregate,
  SessionRow,
  sessionColumns,
  sessionMeasures,
  toSession,
} from "./parts/session-columns.js";

export interface SessionsPageQuery {
  userId?: string;
  status?: SessionStatus;
  /** Sessions with any event at or after this time (epoch ms). */
  activeSince: number;
  /** The time and inactivity limit that tell `active` from `expired`. */
  now: number;
  timeoutMs: number;
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
      const having: Fragment[] = [];
      if (q.userId !== undefined) having.push(sql`${m.firstUser} = ${q.userId}`);
      const ended = sql`${m.ends} > 0`;
      const idle = sql`${m.lastActivity} <= ${q.now - q.timeoutMs}`;
      if (q.status === "terminated") having.push(ended);
      if (q.status === "expired") having.push(sql`NOT (${ended}) AND ${idle}`);
      if (q.status === "active") having.push(sql`NOT (${ended}) AND NOT (${idle})`);
      if (q.after) {
        // The cursor compares the aggregate, so it is written out here rather than through a column.
        having.push(
          sql`(${m.lastActivity} < ${q.after.at} OR (${m.lastActivity} = ${q.after.at} AND session_id < ${q.after.id}))`,
        );
      }
      return sql`SELECT ${sessionColumns(d)} FROM events
        WHERE session_id IN (SELECT DISTINCT session_id FROM events
          WHERE ${compileFilter(
            {
              and: [
                { field: "timestamp", op: "gte", value: q.activeSince },
                { field: "session_id", op: "not_null" },
              ],
            },
            d,
          )})
        GROUP BY session_id
        ${having.length ? sql`HAVING ${join(having, " AND ")}` : empty}
        ORDER BY last_activity DESC, session_id DESC LIMIT ${count(q.limit, "limit")}`;
    },
    map: toSession,
  });
}
