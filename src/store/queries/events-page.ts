import { Type } from "@sinclair/typebox";
import type { EventRecord } from "../../model/event.js";
import type { EventType } from "../../model/event-types.js";
import { defineQuery, type Exec, type Query, type RawRow } from "../query.js";
import type { Dialect } from "../sql/dialect.js";
import { allOf, compileFilter, type Filter } from "../sql/filter.js";
import { count, sql } from "../sql/fragment.js";
import { JsonObject, Num, Text, TextOrNull } from "../sql/row-types.js";
import { afterCursor, type Cursor } from "./parts/cursor.js";
import { storeStats } from "./store-stats.js";

export interface EventsPageQuery {
  eventType?: EventType;
  userId?: string;
  sessionId?: string;
  /** Inclusive lower bound on `timestamp` (epoch ms). */
  from?: number;
  /** Exclusive upper bound on `timestamp` (epoch ms). */
  to?: number;
  /** Any further condition, in the filter language. */
  filter?: Filter;
  limit: number;
  after?: Cursor;
}

const Row = Type.Object({
  event_id: Text,
  event_type: Text,
  ts: Num,
  received_at: Num,
  user_id: TextOrNull,
  session_id: TextOrNull,
  data: JsonObject,
});

const HOUR_MS = 3_600_000;
/** ClickHouse looks back this far from the newest event, in turn, before sorting everything. */
const LOOK_BACK_SPANS_MS = [HOUR_MS, 24 * HOUR_MS, 7 * 24 * HOUR_MS, 31 * 24 * HOUR_MS];

/** Events newest first (by timestamp, then event id), one keyset page at a time. */
export function eventsPage(q: EventsPageQuery): Query<EventRecord> {
  const statement = (d: Dialect, from = q.from) => {
    const where = allOf(
      q.eventType === undefined ? undefined : { field: "event_type", op: "eq", value: q.eventType },
      q.userId === undefined ? undefined : { field: "user_id", op: "eq", value: q.userId },
      q.sessionId === undefined ? undefined : { field: "session_id", op: "eq", value: q.sessionId },
      from === undefined ? undefined : { field: "timestamp", op: "gte", value: from },
      q.to === undefined ? undefined : { field: "timestamp", op: "lt", value: q.to },
      q.after && afterCursor(q.after, "timestamp", "event_id"),
      q.filter,
    );
    return sql`SELECT event_id, event_type, ts, received_at, user_id, session_id, data FROM events
      WHERE ${compileFilter(where, d)}
      ORDER BY ts DESC, event_id DESC LIMIT ${count(q.limit, "limit")}`;
  };

  /**
   * ClickHouse sorts by (event_type, ts, event_id): without a lower time bound, "newest first"
   * would sort the whole table. It looks back from the newest candidate in growing spans instead;
   * once a span holds a full page, no older event can belong on it.
   */
  async function clickHouseLookBack(exec: Exec, d: Dialect): Promise<RawRow[]> {
    if (q.from !== undefined) return exec(statement(d));
    const upper = Math.min(q.to ?? Number.POSITIVE_INFINITY, q.after ? q.after.at + 1 : Number.POSITIVE_INFINITY);
    const top = Number.isFinite(upper) ? upper : await newestPlusOne(exec, d);
    if (top === null) return [];
    for (const span of LOOK_BACK_SPANS_MS) {
      const rows = await exec(statement(d, top - span));
      if (rows.length >= q.limit) return rows;
    }
    return exec(statement(d));
  }

  return defineQuery({
    name: "events-page",
    row: Row,
    statement: (d) => statement(d),
    plans: { clickhouse: clickHouseLookBack },
    map: (r): EventRecord => ({
      event_id: r.event_id,
      event_type: r.event_type as EventType,
      timestamp: r.ts,
      received_at: r.received_at,
      user_id: r.user_id,
      session_id: r.session_id,
      data: r.data,
    }),
  });
}

async function newestPlusOne(exec: Exec, d: Dialect): Promise<number | null> {
  const stats = storeStats();
  const [raw] = await exec(stats.statement(d));
  const newest = raw ? stats.decode(raw).newest_event : null;
  return newest === null ? null : newest + 1;
}
