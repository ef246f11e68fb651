import { Type } from "@sinclair/typebox";
import { EVENT_TYPES } from "../model/event-types.js";
import { idString, MAX_KEY_NAME_LENGTH, wellFormedString } from "../model/strings.js";
import { timeSchema } from "../model/time.js";

/** Schemas of the API's own answers and query strings (the event bodies live in src/model/schemas.ts). */

export const ErrorReply = Type.Object(
  {
    error: Type.String(),
    details: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { $id: "ErrorReply", description: "What went wrong, and for bad input each bad field" },
);

export const EventIdReply = Type.Object({ event_id: Type.String() });
export const MetricsReply = Type.Object({ status: Type.Literal("recorded"), event_id: Type.String() });
export const SessionIdReply = Type.Object({ session_id: Type.String() });
export const SessionEndedReply = Type.Object({ status: Type.Literal("session_ended") });

export const BatchReply = Type.Object({
  accepted: Type.Array(Type.Object({ index: Type.Integer(), event_id: Type.String() })),
  rejected: Type.Array(
    Type.Object({
      index: Type.Integer(),
      errors: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
    }),
  ),
});

const time = timeSchema;
const cursor = Type.String({ minLength: 1, maxLength: 512, description: "next_cursor of the previous page" });
const limit = (max: number, dflt: number) =>
  Type.Integer({ minimum: 1, maximum: max, default: dflt, description: `Page size, at most ${max}` });

export const EventsQuery = Type.Object(
  {
    event_type: Type.Optional(Type.Union(EVENT_TYPES.map((t) => Type.Literal(t)))),
    user_id: Type.Optional(idString()),
    session_id: Type.Optional(idString()),
    from: Type.Optional(time("Events at or after this time")),
    to: Type.Optional(time("Events before this time")),
    limit: Type.Optional(limit(1000, 100)),
    cursor: Type.Optional(cursor),
  },
  { additionalProperties: false },
);

const EventView = Type.Object({
  event_id: Type.String(),
  event_type: Type.String(),
  timestamp: Type.String({ format: "date-time" }),
  received_at: Type.String({ format: "date-time" }),
  user_id: Type.Union([Type.String(), Type.Null()]),
  session_id: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
});

export const EventsReply = Type.Object({
  events: Type.Array(EventView),
  next_cursor: Type.Union([Type.String(), Type.Null()], { description: "Pass as cursor for the next page" }),
});

export const SessionsQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal("active"), Type.Literal("expired"), Type.Literal("terminated")])),
    user_id: Type.Optional(idString()),
    since: Type.Optional(time("Sessions with activity at or after this time (default: the last 24 hours)")),
    limit: Type.Optional(limit(1000, 100)),
    cursor: Type.Optional(cursor),
  },
  { additionalProperties: false },
);

export const SessionView = Type.Object({
  session_id: Type.String(),
  user_id: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  start_time: Type.String({ format: "date-time" }),
  last_activity: Type.String({ format: "date-time" }),
  end_time: Type.Union([Type.String(), Type.Null()]),
  duration_seconds: Type.Number(),
  ip_address: Type.Union([Type.String(), Type.Null()]),
  user_agent: Type.Union([Type.String(), Type.Null()]),
  events_count: Type.Integer(),
  cognitive_processes: Type.Integer(),
  api_calls: Type.Integer(),
});

export const SessionsReply = Type.Object({
  sessions: Type.Array(SessionView),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});

export const IdParams = Type.Object({ id: idString() });
export const SessionParams = Type.Object({ session_id: idString() });

export const Scopes = Type.Array(Type.Union([Type.Literal("ingest"), Type.Literal("read"), Type.Literal("admin")]), {
  minItems: 1,
  uniqueItems: true,
});

export const CreateKeyBody = Type.Object(
  {
    name: wellFormedString({ minLength: 1, maxLength: MAX_KEY_NAME_LENGTH, description: "What the key is for" }),
    scopes: Scopes,
    expires_at: Type.Optional(time("When the key stops working (401 'expired' after it); in the future")),
    allowed_origins: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 256 }), {
        maxItems: 100,
        uniqueItems: true,
        description:
          "Exact browser origins (https://app.example.com) the key may be used from; CORS is answered for them",
      }),
    ),
  },
  { additionalProperties: false },
);

export const CreatedKeyReply = Type.Object({
  id: Type.String(),
  key: Type.String({ description: "The secret; shown only in this answer" }),
});

export const KeyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  created_at: Type.String({ format: "date-time" }),
  revoked_at: Type.Union([Type.String(), Type.Null()]),
  expires_at: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  allowed_origins: Type.Array(Type.String()),
});

export const KeysReply = Type.Object({ keys: Type.Array(KeyView) });
