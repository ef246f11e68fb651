import { Type } from "@sinclair/typebox";

/** A session's state, derived from its events: the one list the type, the schemas and the queries use. */
export const SESSION_STATUSES = ["active", "expired", "terminated"] as const;

export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const SessionStatusSchema = Type.Union(
  SESSION_STATUSES.map((s) => Type.Literal(s)),
  { description: "terminated: ended; expired: idle longer than the session timeout; active: otherwise" },
);
