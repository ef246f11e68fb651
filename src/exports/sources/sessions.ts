import { deriveSession } from "../../ingest/sessions.js";
import type { TimeSpan } from "../../model/period.js";
import type { SessionStatus } from "../../model/session-status.js";
import type { QueryRunner } from "../../store/port/query-runner.js";
import type { Cursor } from "../../store/port.js";
import { sessionsPage } from "../../store/queries/sessions-page.js";
import type { Column, Row } from "../table.js";

/** Sessions per page: each page is one grouped read, keyset-paged as the listing does. */
const PAGE_ROWS = 10_000;

export const SESSION_COLUMNS: readonly Column[] = [
  { name: "session_id", type: "string" },
  { name: "user_id", type: "string" },
  { name: "status", type: "string" },
  { name: "start_time", type: "timestamp" },
  { name: "last_activity", type: "timestamp" },
  { name: "end_time", type: "timestamp" },
  { name: "duration_seconds", type: "number" },
  { name: "ip_address", type: "string" },
  { name: "user_agent", type: "string" },
  { name: "events_count", type: "integer" },
  { name: "cognitive_processes", type: "integer" },
  { name: "api_calls", type: "integer" },
];

export interface SessionExportFilter {
  userId?: string;
  status?: SessionStatus;
  timeoutMs: number;
  now: number;
}

/** Sessions with activity in the period, most recently active first (the listing's order and status rules). */
export async function* sessionRows(runner: QueryRunner, span: TimeSpan, f: SessionExportFilter): AsyncGenerator<Row> {
  let after: Cursor | undefined;
  for (;;) {
    const page = await runner.run(
      sessionsPage({
        userId: f.userId,
        status: f.status,
        activeSince: span.from,
        now: f.now,
        timeoutMs: f.timeoutMs,
        limit: PAGE_ROWS,
        ...(after ? { after } : {}),
      }),
    );
    for (const s of page) if (s.start_time < span.to) yield deriveSession(s, f.now, f.timeoutMs);
    const last = page[page.length - 1];
    if (page.length < PAGE_ROWS || !last) return;
    after = { at: last.last_activity, id: last.session_id };
  }
}
