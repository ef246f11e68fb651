import {
  type TArray,
  type TLiteral,
  type TObject,
  type TProperties,
  type TSchema,
  type TString,
  type TUnknown,
  Type,
} from "@sinclair/typebox";
import type { EventType } from "./event-types.js";
import type { Limits } from "./limits.js";
import { idString } from "./strings.js";
import { timeSchema } from "./time.js";

/**
 * The one source of the event schemas: Fastify validates bodies with them, the library validates
 * calls with them, the OpenAPI document is generated from them, and the TypeScript types of events
 * (the library's camelCase ones included, see src/service.ts) are their `Static`. Built from the
 * configured limits; the limits change bounds, never shapes, so the types hold for any limits.
 */
export interface EventSchemas {
  /** Body of each single-event tracking endpoint (no `event_type`: the path says it). */
  track: { [K in EventType]: TrackSchema<K> };
  /** One element of `POST /track/batch`: the same fields plus `event_type`. */
  batchItem: { [K in EventType]: TObject<{ event_type: TLiteral<K> } & TrackProperties<K>> };
  /** Body of `POST /track/batch`: a list of objects, each checked against its own type later (its length too: 413). */
  batch: TObject<{ events: TArray<TUnknown> }>;
  /** Body of `POST /session/start` (every field optional). */
  sessionStart: TObject<EnvelopeProperties & PayloadProperties["session_start"]>;
}

/** The body of one event type's tracking call. */
export type TrackSchema<K extends EventType> = TObject<TrackProperties<K>>;

type SessionEvent = "session_start" | "session_end";

/** An event's fields: the envelope (a session event requires its session id) and the type's own. */
type TrackProperties<K extends EventType> = (K extends SessionEvent
  ? Omit<EnvelopeProperties, "session_id"> & { session_id: TString }
  : EnvelopeProperties) &
  PayloadProperties[K];

export type EnvelopeProperties = ReturnType<typeof envelope>;
type PayloadProperties = ReturnType<typeof payloads>;

const opt = <T extends TSchema>(s: T) => Type.Optional(s);
const nullable = <T extends TSchema>(s: T) => Type.Optional(Type.Union([s, Type.Null()]));

/** The envelope every event may carry (session events replace session_id by a required one). */
function envelope() {
  return {
    event_id: opt(
      idString("Client-chosen idempotency key; a retry with the same id is stored once. Generated when absent."),
    ),
    timestamp: opt(timeSchema("When it happened; defaults to arrival time. At most 5 minutes in the future")),
    user_id: nullable(idString("The application's user id")),
    session_id: nullable(idString("Session id")),
  };
}

/** The envelope fields every event may carry; everything else is the type's own data. */
export const ENVELOPE_FIELDS = ["event_id", "event_type", "timestamp", "user_id", "session_id"] as const;

/** Each type's own fields. */
function payloads(limits: Limits) {
  const short = (description: string) => Type.String({ minLength: 1, maxLength: limits.maxStringLength, description });
  const text = (description: string) => Type.String({ maxLength: limits.maxTextLength, description });
  const nonNegative = (description: string) => Type.Number({ minimum: 0, description });
  const percent = (description: string) => Type.Number({ minimum: 0, maximum: 100, description });
  // Counts land in Int64 columns; above 2^53 - 1 a JavaScript number is no longer exact, so that is the limit.
  const count = (description: string) =>
    Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: `${description} (at most 2^53 - 1)` });
  // The normaliser bounds what is inside (depth, keys, key and string lengths): a schema cannot say it for every level.
  const freeForm = (description: string) =>
    Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
      description: `${description}; null is stored as null`,
    });

  return {
    user_action: {
      action: short("What the user did, e.g. login"),
      details: opt(freeForm("Free-form details of the action")),
    },
    api_request: {
      endpoint: short("Request path or route"),
      method: Type.String({ minLength: 1, maxLength: 16, pattern: "^[A-Za-z]+$", description: "HTTP method" }),
      status_code: Type.Integer({ minimum: 100, maximum: 599, description: "HTTP status code" }),
      response_time: nonNegative("Response time in milliseconds"),
      ip_address: nullable(short("Client IP address")),
      user_agent: nullable(short("Client user agent")),
    },
    cognitive_process: {
      membrane_type: short("Which membrane ran, e.g. memory, reasoning, grammar"),
      processing_time: nonNegative("Processing time in milliseconds"),
      input_tokens: count("Tokens in"),
      output_tokens: count("Tokens out"),
      success: Type.Boolean({ description: "Whether the run succeeded" }),
      error_message: nullable(text("Why it failed")),
      model: nullable(short("Model name")),
      cost: nullable(nonNegative("Cost of the run, in the application's currency")),
    },
    system_metric: {
      cpu_usage: percent("CPU use, percent"),
      memory_usage: percent("Memory use, percent"),
      disk_usage: percent("Disk use, percent"),
      // Any numeric keys, as the first version took (bytes_in, bytes_out, per-interface counters…).
      network_io: opt(
        Type.Record(Type.String(), Type.Number({ minimum: 0 }), {
          description: `Network counters by name, each ≥ 0, e.g. {"bytes_in": 1024, "bytes_out": 2048}; at most ${limits.maxKeys} keys of up to ${limits.maxStringLength} characters`,
          maxProperties: limits.maxKeys,
          propertyNames: { minLength: 1, maxLength: limits.maxStringLength },
        }),
      ),
      response_time: opt(nonNegative("Mean response time in milliseconds")),
      throughput: opt(nonNegative("Requests per second")),
      error_rate: opt(percent("Errors, percent of requests")),
      active_sessions: opt(count("Open sessions")),
      cache_hit_rate: opt(percent("Cache hits, percent")),
    },
    error: {
      error_type: short("Kind of error, e.g. TimeoutError"),
      error_message: Type.String({ minLength: 1, maxLength: limits.maxTextLength, description: "Error message" }),
      stack_trace: nullable(text("Stack trace")),
      context: opt(freeForm("Free-form context")),
    },
    performance: {
      name: short("Name of the timing, e.g. page_load"),
      value: nonNegative("The measured value"),
      unit: opt(Type.String({ minLength: 1, maxLength: 16, description: "Unit of value; ms when absent" })),
    },
    session_start: {
      ip_address: nullable(short("Client IP address")),
      user_agent: nullable(short("Client user agent")),
    },
    session_end: {
      reason: opt(short("Why the session ended")),
    },
  } satisfies Record<EventType, TProperties>;
}

export function buildEventSchemas(limits: Limits): EventSchemas {
  const own = payloads(limits);
  const sessionEvent = (t: EventType) => t === "session_start" || t === "session_end";
  // Built in a loop, so typed by EventSchemas: each entry is the envelope plus its type's own fields.
  const track = {} as Record<EventType, TObject>;
  const batchItem = {} as Record<EventType, TObject>;
  for (const t of Object.keys(own) as EventType[]) {
    const props = { ...envelope(), ...(sessionEvent(t) ? { session_id: idString("Session id") } : {}), ...own[t] };
    track[t] = Type.Object(props, { additionalProperties: false });
    batchItem[t] = Type.Object({ event_type: Type.Literal(t), ...props }, { additionalProperties: false });
  }

  return {
    track: track as EventSchemas["track"],
    batchItem: batchItem as EventSchemas["batchItem"],
    batch: Type.Object(
      {
        // Each element is judged (and a bad one counted as a rejected event) by the pipeline, not here.
        events: Type.Array(Type.Unknown(), {
          minItems: 1,
          description: `Up to ${limits.maxBatchEvents} events, each an object with its event_type and that type's fields`,
        }),
      },
      { additionalProperties: false },
    ),
    sessionStart: Type.Object({ ...envelope(), ...own.session_start }, { additionalProperties: false }),
  };
}
