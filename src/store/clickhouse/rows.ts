import { type EventRecord, HOT_COLUMNS, hotValue } from "../../model/event.js";
import type { LogPosition } from "../log-position.js";
import type { ApiKeyRecord } from "../port.js";
import type { SqlValue } from "../sql/fragment.js";
import { lit } from "./sql.js";

/** Between the product's records and ClickHouse's rows: events and keys. */
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
