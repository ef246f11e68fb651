import { Type } from "@sinclair/typebox";
import { STATUS_CLASSES } from "../explore/drill-down.js";
import { PublicKey } from "../model/api-key.js";
import { FieldErrorSchema } from "../model/batch-result.js";
import { PublicEvent } from "../model/event.js";
import { EventTypeSchema } from "../model/event-types.js";
import { ScopeSchema } from "../model/scopes.js";
import { SessionView } from "../model/session.js";
import { SessionStatusSchema } from "../model/session-status.js";
import { idString, MAX_KEY_NAME_LENGTH, wellFormedString } from "../model/strings.js";
import { timeSchema } from "../model/time.js";

/** Schemas of the API's own answers and query strings (the event bodies live in src/model/schemas.ts). */

export const ErrorReply = Type.Object(
  {
    error: Type.String(),
    details: Type.Optional(Type.Array(FieldErrorSchema)),
  },
  { $id: "ErrorReply", description: "What went wrong, and for bad input each bad field" },
);

export const EventIdReply = Type.Object({ event_id: Type.String() });
export const MetricsReply = Type.Object({ status: Type.Literal("recorded"), event_id: Type.String() });
export const SessionIdReply = Type.Object({ session_id: Type.String() });
export const SessionEndedReply = Type.Object({ status: Type.Literal("session_ended") });

export const time = timeSchema;
export const cursor = Type.String({ minLength: 1, maxLength: 512, description: "next_cursor of the previous page" });
export const limit = (max: number, dflt: number) =>
  Type.Integer({ minimum: 1, maximum: max, default: dflt, description: `Page size, at most ${max}` });

export const EventsQuery = Type.Object(
  {
    event_type: Type.Optional(EventTypeSchema),
    user_id: Type.Optional(idString()),
    session_id: Type.Optional(idString()),
    endpoint: Type.Optional(
      Type.String({ minLength: 1, maxLength: 512, description: "API requests to this endpoint" }),
    ),
    membrane_type: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: "Runs of this membrane" })),
    model: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: "Runs of this model" })),
    status_class: Type.Optional(
      Type.Union(
        STATUS_CLASSES.map((c) => Type.Literal(c)),
        { description: "Responses of this class", "x-error": `must be one of ${STATUS_CLASSES.join(", ")}` },
      ),
    ),
    error_type: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: "Errors of this type" })),
    from: Type.Optional(time("Events at or after this time")),
    to: Type.Optional(time("Events before this time")),
    limit: Type.Optional(limit(1000, 100)),
    cursor: Type.Optional(cursor),
  },
  { additionalProperties: false },
);

export const EventsReply = Type.Object({
  events: Type.Array(PublicEvent),
  next_cursor: Type.Union([Type.String(), Type.Null()], { description: "Pass as cursor for the next page" }),
});

export const SessionsQuery = Type.Object(
  {
    status: Type.Optional(SessionStatusSchema),
    user_id: Type.Optional(idString()),
    since: Type.Optional(time("Sessions with activity at or after this time (default: the last 24 hours)")),
    limit: Type.Optional(limit(1000, 100)),
    cursor: Type.Optional(cursor),
  },
  { additionalProperties: false },
);

export const SessionsReply = Type.Object({
  sessions: Type.Array(SessionView),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});

export const IdParams = Type.Object({ id: idString() });
export const SessionParams = Type.Object({ session_id: idString() });

export const Scopes = Type.Array(ScopeSchema, {
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

export const KeysReply = Type.Object({ keys: Type.Array(PublicKey) });
