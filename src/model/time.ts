import { Type } from "@sinclair/typebox";

/** The last instant a JavaScript Date can hold (+275760-09-13): epoch ms beyond it mean nothing. */
export const MAX_EPOCH_MS = 8_640_000_000_000_000;

/** What a client is told when a time is not one: named in the schema, so Ajv's union complaint can be replaced. */
export const TIME_MESSAGE = "must be ISO 8601 (UTC when it has no offset) or epoch milliseconds";

/**
 * One time schema for every time a client sends: an event's `timestamp` and the query strings' `from`,
 * `to` and `since`. Ajv's `iso-date-time` checks the calendar (no 30 February) and takes an optional
 * offset; toEpochMs reads what it accepts.
 */
export function timeSchema(description: string) {
  return Type.Union(
    [
      Type.String({
        format: "iso-date-time",
        description:
          "ISO 8601, e.g. 2026-01-01T12:00:00Z or +02:00; without an offset (2026-01-01T12:00:00.123456) it is UTC",
      }),
      Type.Integer({ minimum: 0, maximum: MAX_EPOCH_MS, description: "Epoch milliseconds" }),
    ],
    {
      description: `${description}: ISO 8601 (without an offset it is UTC) or epoch milliseconds`,
      "x-error": TIME_MESSAGE,
    },
  );
}

// date [T, t or whitespace] time [.fraction] [Z or ±HH[[:]MM]] — the forms `iso-date-time` accepts.
const ISO = /^(\d{4})-(\d\d)-(\d\d)[Tt\s](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:([Zz])|([+-])(\d\d)(?::?(\d\d))?)?$/;

/**
 * A schema-valid time as UTC epoch milliseconds; NaN for anything else. A time without an offset is
 * UTC (the first version wrote its times so), never the server's local time as Date.parse would read it.
 * Fractions beyond milliseconds are cut.
 */
export function toEpochMs(value: string | number): number {
  if (typeof value === "number") return value;
  const m = ISO.exec(value);
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s, fraction = "", , sign, oh = "0", om = "0"] = m;
  const ms = Number(fraction.slice(0, 3).padEnd(3, "0"));
  // Set field by field: Date.UTC would read years 0–99 as 1900–1999.
  const at = new Date(0);
  at.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  at.setUTCHours(Number(h), Number(mi), Number(s), ms);
  const local = at.getTime();
  const offsetMs = (Number(oh) * 60 + Number(om)) * 60_000;
  return sign === "-" ? local + offsetMs : sign === "+" ? local - offsetMs : local;
}
