import type { TimeSpan } from "../../model/period.js";
import type { QueryRunner } from "../../store/port/query-runner.js";
import type { Cursor } from "../../store/port.js";
import { eventsPage } from "../../store/queries/events-page.js";
import { allOf, type Filter } from "../../store/sql/filter.js";
import type { Column, Row, Table } from "../table.js";
import { planWindows } from "./event-windows.js";

/** Events per window and per page read: a window's sort (and a page's rows) stay this small. */
const WINDOW_ROWS = 50_000;

export const EVENT_COLUMNS: readonly Column[] = [
  { name: "event_id", type: "string" },
  { name: "event_type", type: "string" },
  { name: "timestamp", type: "timestamp" },
  { name: "received_at", type: "timestamp" },
  { name: "user_id", type: "string" },
  { name: "session_id", type: "string" },
  { name: "data", type: "json" },
];

export interface EventExportFilter {
  eventType?: string;
  userId?: string;
  sessionId?: string;
}

/** The export's conditions in the filter language (the period is the windows' bounds). */
export function eventFilter(f: EventExportFilter): Filter | undefined {
  const eq = (field: string, value: string | undefined): Filter | undefined =>
    value === undefined ? undefined : { field, op: "eq", value };
  const all = allOf(eq("event_type", f.eventType), eq("user_id", f.userId), eq("session_id", f.sessionId));
  return "and" in all && all.and.length ? all : undefined;
}

/**
 * The period's matching events, newest first (by time, then id, as the listing pages them): each
 * window of ~50,000 events is read by the events-page query, a keyset page after another if it
 * grew since it was counted. The windows are planned (counted) here, before any row is read.
 */
export async function eventTable(runner: QueryRunner, span: TimeSpan, filter: Filter | undefined): Promise<Table> {
  const plan = await planWindows(runner, span, filter, WINDOW_ROWS);
  return { columns: EVENT_COLUMNS, count: plan.total, rows: eventRows(runner, plan.windows, filter) };
}

async function* eventRows(
  runner: QueryRunner,
  windows: AsyncIterable<TimeSpan>,
  filter: Filter | undefined,
): AsyncGenerator<Row> {
  for await (const window of windows) {
    let after: Cursor | undefined;
    for (;;) {
      let n = 0;
      let last: Cursor | undefined;
      const page = eventsPage({ ...window, filter, limit: WINDOW_ROWS, ...(after ? { after } : {}) });
      for await (const e of runner.stream(page)) {
        n += 1;
        last = { at: e.timestamp, id: e.event_id };
        yield e as unknown as Row;
      }
      if (n < WINDOW_ROWS || !last) break;
      after = last;
    }
  }
}
