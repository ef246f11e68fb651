import type { SessionStatus } from "../../../model/session-status.js";
import type { Dialect } from "../../sql/dialect.js";
import { compileFilter } from "../../sql/filter.js";
import { empty, type Fragment, join, sql } from "../../sql/fragment.js";
import { sessionMeasures } from "./session-columns.js";

/** Which sessions a listing or a count takes. */
export interface SessionFilter {
  userId?: string;
  status?: SessionStatus;
  /** Sessions with any event at or after this time (epoch ms). */
  activeSince: number;
  /** The time and inactivity limit that tell `active` from `expired`. */
  now: number;
  timeoutMs: number;
}

/**
 * `FROM events … GROUP BY session_id HAVING …`: one group per session matching `q`, each condition
 * of `extra` holding too (a page's cursor). Select from it the session's columns, or just its id.
 */
export function matchingSessions(q: SessionFilter, d: Dialect, extra: Fragment[] = []): Fragment {
  const m = sessionMeasures(d);
  const having: Fragment[] = [];
  if (q.userId !== undefined) having.push(sql`${m.firstUser} = ${q.userId}`);
  const ended = sql`${m.ends} > 0`;
  const idle = sql`${m.lastActivity} <= ${q.now - q.timeoutMs}`;
  if (q.status === "terminated") having.push(ended);
  if (q.status === "expired") having.push(sql`NOT (${ended}) AND ${idle}`);
  if (q.status === "active") having.push(sql`NOT (${ended}) AND NOT (${idle})`);
  having.push(...extra);
  return sql`FROM events
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
    ${having.length ? sql`HAVING ${join(having, " AND ")}` : empty}`;
}
