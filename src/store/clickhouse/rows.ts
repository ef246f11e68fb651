import type { LogPosition } from "../../ingest/log-position.js";
import { type EventRecord, HOT_COLUMNS, hotValue } from "../../model/event.js";
import type { ApiKeyRecord, SessionAggregate } from "../port.js";
import { lit, num, type SqlValue } from "./sql.js";

/** Between the product's records and ClickHouse's rows: events, sessions and keys. */
export type Row = Record<string, unknown>;

export function apiKeyValues(k: ApiKeyRecord, version: number): string {
  const values: SqlValue[] = [k.id, k.name, k.scopes.join(","), k.key_hash, k.created_at, k.revoked_at, version];
  return values.map(lit).join(", ");
}

export function toRow(e: EventRecord, node: string, upTo: LogPosition): Row {
  const row: Row = {
    event_id: e.event_id,
    event_type: e.event_type,
    ts: Math.trunc(e.timestamp),
    received_at: Math.trunc(e.received_at),
    user_id: e.user_id,
    session_id: e.session_id,
  };
  for (const c of HOT_COLUMNS) {
    const v = hotValue(e, c.name);
    row[c.name] =
      c.kind === "text"
        ? typeof v === "string"
          ? v
          : null
        : c.kind === "boolean"
          ? typeof v === "boolean"
            ? Number(v)
            : null
          : typeof v === "number" && (c.kind === "double" || Number.isSafeInteger(v))
            ? v
            : null;
  }
  row.data = JSON.stringify(e.data);
  row.load_node = node;
  row.load_segment = upTo.segment;
  row.load_offset = upTo.offset;
  return row;
}

// Aliases differ from column names: in ClickHouse an alias shadows a column everywhere in the query.
export const SESSION_SELECT = `SELECT session_id,
  argMinIf(user_id, ts, isNotNull(user_id)) AS first_user_id,
  min(ts) AS start_time,
  max(ts) AS last_activity,
  countIf(event_type = 'session_end') AS ends,
  minIf(ts, event_type = 'session_end') AS ended_at,
  argMinIf(ip_address, ts, event_type = 'session_start') AS start_ip_address,
  argMinIf(user_agent, ts, event_type = 'session_start') AS start_user_agent,
  countIf(event_type NOT IN ('session_start', 'session_end')) AS events_count,
  countIf(event_type = 'cognitive_process') AS cognitive_processes,
  countIf(event_type = 'api_request') AS api_calls
FROM events`;

export function toSession(r: Row): SessionAggregate {
  return {
    session_id: r.session_id as string,
    user_id: (r.first_user_id as string | null) || null,
    start_time: num(r.start_time),
    last_activity: num(r.last_activity),
    // minIf over no rows is 0 in ClickHouse, so whether it ended comes from the count.
    ended_at: num(r.ends) > 0 ? num(r.ended_at) : null,
    ip_address: (r.start_ip_address as string | null) || null,
    user_agent: (r.start_user_agent as string | null) || null,
    events_count: num(r.events_count),
    cognitive_processes: num(r.cognitive_processes),
    api_calls: num(r.api_calls),
  };
}
