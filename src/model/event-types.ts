import { Type } from "@sinclair/typebox";

/** Every kind of event the service stores. The value is what clients send as `event_type`. */
export const EVENT_TYPES = [
  "user_action",
  "api_request",
  "cognitive_process",
  "system_metric",
  "error",
  "performance",
  "session_start",
  "session_end",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export const EventTypeSchema = Type.Union(EVENT_TYPES.map((t) => Type.Literal(t)));

export function isEventType(value: unknown): value is EventType {
  return typeof value === "string" && (EVENT_TYPES as readonly string[]).includes(value);
}
