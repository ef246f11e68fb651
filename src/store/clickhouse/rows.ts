import { type EventRecord, HOT_COLUMNS, hotValue } from "../../model/event.js";
import type { LogPosition } from "../log-position.js";

/** Between the product's records and ClickHouse's rows: events (keys: ../key-row.ts). */
export type Row = Record<string, unknown>;

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
