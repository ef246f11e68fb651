import { Type } from "@sinclair/typebox";
import { EVENT_TYPES } from "../model/event-types.js";
import { idString } from "../model/strings.js";
import { cursor, limit, time } from "./api-schemas.js";

/** Schemas of the audit, maintenance and erasure routes (issue 18). */

export const AuditQuery = Type.Object(
  {
    actor: Type.Optional(idString()),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: "^[a-z_]+(\\.[a-z_]+)*$" })),
    from: Type.Optional(time("Entries at or after this time")),
    to: Type.Optional(time("Entries before this time")),
    limit: Type.Optional(limit(1000, 100)),
    cursor: Type.Optional(cursor),
  },
  { additionalProperties: false },
);

const AuditView = Type.Object({
  id: Type.String(),
  at: Type.String({ format: "date-time" }),
  actor: Type.String({ description: "Key id; `admin` for the admin key, `library`, `cli` or `scheduler`" }),
  action: Type.String(),
  target: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
});

export const AuditReply = Type.Object({
  entries: Type.Array(AuditView),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});

const days = (what: string) => Type.Integer({ minimum: 1, description: `Days of ${what} kept, at least 1` });
const PerType = (make: (type: string) => ReturnType<typeof Type.Integer>) =>
  Type.Object(Object.fromEntries(EVENT_TYPES.map((t) => [t, make(t)])));

export const CleanupBody = Type.Object(
  {
    retention_days: Type.Optional(days("events of types not named in retention_by_type")),
    retention_by_type: Type.Optional(
      Type.Object(Object.fromEntries(EVENT_TYPES.map((t) => [t, Type.Optional(days(`${t} events`))])), {
        additionalProperties: false,
      }),
    ),
  },
  { additionalProperties: false },
);

export const CleanupReply = Type.Object({
  deleted: PerType(() => Type.Integer({ minimum: 0 })),
  total: Type.Integer({ minimum: 0 }),
  days: PerType(() => Type.Integer({ minimum: 1 })),
});

export const BackupReply = Type.Object({
  name: Type.String(),
  path: Type.String(),
  created_at: Type.String({ format: "date-time" }),
  engine: Type.String(),
  tables: Type.Array(
    Type.Object({
      table: Type.String(),
      file: Type.String(),
      rows: Type.Integer(),
      bytes: Type.Integer(),
      sha256: Type.String(),
    }),
  ),
});

export const UserParams = Type.Object({ id: idString() });
export const ErasedReply = Type.Object({ user_id: Type.String(), erased_events: Type.Integer({ minimum: 0 }) });
