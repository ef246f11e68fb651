import { type Static, Type } from "@sinclair/typebox";
import { SessionStatusSchema } from "./session-status.js";

const time = Type.String({ format: "date-time" });
const textOrNull = Type.Union([Type.String(), Type.Null()]);

/** A session as the API and the library show it, derived from its events. */
export const SessionView = Type.Object({
  session_id: Type.String(),
  user_id: textOrNull,
  status: SessionStatusSchema,
  start_time: time,
  last_activity: time,
  end_time: Type.Union([time, Type.Null()], { description: "null while the session is active" }),
  duration_seconds: Type.Number(),
  ip_address: textOrNull,
  user_agent: textOrNull,
  events_count: Type.Integer({ description: "Events other than the session's start and end" }),
  cognitive_processes: Type.Integer(),
  api_calls: Type.Integer(),
});
export type SessionView = Static<typeof SessionView>;
