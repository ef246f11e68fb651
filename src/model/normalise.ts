import { randomUUID } from "node:crypto";
import type { FieldError } from "../errors.js";
import type { EventRecord } from "./event.js";
import type { EventType } from "./event-types.js";
import type { Limits } from "./limits.js";
import { ENVELOPE_FIELDS } from "./schemas.js";
import { isWellFormed } from "./strings.js";
import { toEpochMs } from "./time.js";

const FUTURE_TOLERANCE_MS = 5 * 60_000;
const DAY_MS = 86_400_000;
const FREE_FORM_FIELDS = ["details", "context"] as const;

export interface NormaliseContext {
  now: number;
  retentionDays: number;
  limits: Limits;
  /** IP anonymisation (setting `ipAnonymisation`): applied to `ip_address` before the event is logged. */
  anonymiseIp?: ((ip: string) => string | null) | null;
}

/** A good event comes with its log line (NDJSON, no newline): serialised once, here. */
export type Normalised = { ok: true; record: EventRecord; line: string } | { ok: false; errors: FieldError[] };

const ENVELOPE = new Set<string>(ENVELOPE_FIELDS);

/**
 * Turns a schema-valid event body into the record that is logged and stored: resolves the time,
 * checks what a JSON schema cannot (time window, nesting, size of free-form objects) and splits
 * the envelope from the type's own data. `prefix` names fields inside a batch (`events[3]`).
 */
export function normaliseEvent(
  type: EventType,
  body: Record<string, unknown>,
  ctx: NormaliseContext,
  prefix = "",
): Normalised {
  const field = (name: string) => (prefix ? `${prefix}.${name}` : name);
  const errors: FieldError[] = [];

  const timestamp = resolveTimestamp(body.timestamp, ctx, field("timestamp"), errors);
  for (const name of FREE_FORM_FIELDS) {
    if (body[name] !== undefined && body[name] !== null) checkFreeForm(body[name], ctx.limits, field(name), errors);
  }
  if (errors.length) return { ok: false, errors };

  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (!ENVELOPE.has(k) && v !== undefined) data[k] = v;
  }
  if (typeof data.method === "string") data.method = data.method.toUpperCase();
  if (ctx.anonymiseIp && typeof data.ip_address === "string") data.ip_address = ctx.anonymiseIp(data.ip_address);

  const record: EventRecord = {
    event_id: typeof body.event_id === "string" ? body.event_id : randomUUID(),
    event_type: type,
    timestamp,
    received_at: ctx.now,
    user_id: typeof body.user_id === "string" ? body.user_id : null,
    session_id: typeof body.session_id === "string" ? body.session_id : null,
    data,
  };
  if (typeof body.event_id !== "string") record.id_generated = true;
  const line = JSON.stringify(record);
  // JSON.stringify writes a lone surrogate as a \ud800–\udfff escape (a valid pair stays literal), so one
  // scan of the line we need anyway finds them; only then is the body walked to name the field.
  if (LONE_SURROGATE_ESCAPE.test(line)) {
    checkWellFormed(body, prefix, errors);
    if (errors.length) return { ok: false, errors };
  }
  return { ok: true, record, line };
}

const LONE_SURROGATE_ESCAPE = /\\ud[89a-f][0-9a-f]{2}/i;

/**
 * A lone UTF-16 surrogate ("\uD800") survives JSON but is not valid UTF-8, so it would poison the
 * store's insert of a whole batch: reject it here, naming the field (or the key) that carries it.
 */
function checkWellFormed(body: Record<string, unknown>, prefix: string, errors: FieldError[]): void {
  const walk = (v: unknown, path: string): void => {
    if (typeof v === "string") {
      if (!isWellFormed(v)) errors.push({ field: path, message: "contains invalid Unicode (a lone surrogate)" });
    } else if (v !== null && typeof v === "object") {
      for (const [k, x] of Array.isArray(v) ? v.entries() : Object.entries(v)) {
        const child = path ? `${path}.${k}` : String(k);
        if (typeof k === "string" && !isWellFormed(k)) {
          errors.push({ field: path || "body", message: "has a key with invalid Unicode (a lone surrogate)" });
        } else walk(x, child);
      }
    }
  };
  walk(body, prefix);
}

function resolveTimestamp(value: unknown, ctx: NormaliseContext, name: string, errors: FieldError[]): number {
  if (value === undefined) return ctx.now;
  const ms = typeof value === "number" || typeof value === "string" ? toEpochMs(value) : Number.NaN;
  if (!Number.isFinite(ms)) {
    errors.push({ field: name, message: "is not a valid time" });
  } else if (ms > ctx.now + FUTURE_TOLERANCE_MS) {
    errors.push({ field: name, message: "is more than 5 minutes in the future" });
  } else if (ms < ctx.now - ctx.retentionDays * DAY_MS) {
    errors.push({ field: name, message: `is older than the retention window (${ctx.retentionDays} days)` });
  }
  return ms;
}

/** Free-form objects are user data: bound their depth, key count, key and string sizes, and allow only JSON values. */
function checkFreeForm(value: unknown, limits: Limits, name: string, errors: FieldError[]): void {
  let keys = 0;
  const walk = (v: unknown, depth: number, path: string): FieldError | null => {
    if (v === null || typeof v === "boolean") return null;
    if (typeof v === "number") return Number.isFinite(v) ? null : { field: path, message: "is not a finite number" };
    if (typeof v === "string") {
      return v.length > limits.maxTextLength
        ? { field: path, message: `is longer than ${limits.maxTextLength} characters` }
        : null;
    }
    if (typeof v !== "object") return { field: path, message: "is not a JSON value" };
    if (depth > limits.maxDepth) return { field: name, message: `is nested deeper than ${limits.maxDepth} levels` };
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    keys += entries.length;
    if (keys > limits.maxKeys) return { field: name, message: `has more than ${limits.maxKeys} keys` };
    for (const [k, x] of entries) {
      if (k.length > limits.maxStringLength) {
        return { field: path, message: `has a key longer than ${limits.maxStringLength} characters` };
      }
      const problem = walk(x, depth + 1, `${path}.${k}`);
      if (problem) return problem;
    }
    return null;
  };
  const problem = walk(value, 1, name);
  if (problem) errors.push(problem);
}
