import { type Static, Type } from "@sinclair/typebox";
import { type EventType, EventTypeSchema } from "./event-types.js";

/** An event as it travels through the log into the store: times are UTC epoch milliseconds. */
export interface EventRecord {
  event_id: string;
  event_type: EventType;
  /** When it happened (client time, or arrival time when the client sent none). */
  timestamp: number;
  /** When the server accepted it. */
  received_at: number;
  user_id: string | null;
  session_id: string | null;
  /** The type-specific fields, as sent (snake_case). */
  data: Record<string, unknown>;
  /**
   * Set when the server made the id up (the client sent none): such an id cannot be stored yet,
   * so stores skip looking for it. Only a client-chosen id can come back in a retry.
   */
  id_generated?: true;
}

/** An event as the API returns it: ISO 8601 UTC times. */
export const PublicEvent = Type.Object({
  event_id: Type.String(),
  event_type: EventTypeSchema,
  timestamp: Type.String({ format: "date-time" }),
  received_at: Type.String({ format: "date-time" }),
  user_id: Type.Union([Type.String(), Type.Null()]),
  session_id: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown(), { description: "The type's own fields, as sent (snake_case)" }),
});
export type PublicEvent = Static<typeof PublicEvent>;

export function toPublicEvent(e: EventRecord): PublicEvent {
  return {
    event_id: e.event_id,
    event_type: e.event_type,
    timestamp: new Date(e.timestamp).toISOString(),
    received_at: new Date(e.received_at).toISOString(),
    user_id: e.user_id,
    session_id: e.session_id,
    data: e.data,
  };
}

export type ColumnKind = "text" | "double" | "integer" | "boolean";

/**
 * Fields that analytics filter and aggregate on often: each store keeps them as typed columns
 * beside the full `data` JSON. Engine-neutral; adapters map `kind` to their own SQL types.
 */
export const HOT_COLUMNS: ReadonlyArray<{ name: string; kind: ColumnKind }> = [
  { name: "action", kind: "text" },
  { name: "endpoint", kind: "text" },
  { name: "method", kind: "text" },
  { name: "status_code", kind: "integer" },
  { name: "response_time", kind: "double" },
  { name: "membrane_type", kind: "text" },
  { name: "model", kind: "text" },
  { name: "processing_time", kind: "double" },
  { name: "input_tokens", kind: "integer" },
  { name: "output_tokens", kind: "integer" },
  { name: "success", kind: "boolean" },
  { name: "cost", kind: "double" },
  { name: "error_type", kind: "text" },
  { name: "cpu_usage", kind: "double" },
  { name: "memory_usage", kind: "double" },
  { name: "disk_usage", kind: "double" },
  { name: "ip_address", kind: "text" },
  { name: "user_agent", kind: "text" },
];

/** The value of a hot column for one event, or null when the event does not carry it. */
export function hotValue(e: EventRecord, name: string): string | number | boolean | null {
  const v = e.data[name];
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : null;
}
