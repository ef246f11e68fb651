import { ValidationError } from "../errors.js";
import { TIME_MESSAGE, toEpochMs } from "../model/time.js";
import type { Cursor } from "../store/port.js";

/** A query-string time, already checked by the time schema (src/model/time.ts), as epoch milliseconds. */
export function parseTime(value: string | number | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = toEpochMs(value);
  if (!Number.isFinite(ms)) throw new ValidationError("Invalid query", [{ field, message: TIME_MESSAGE }]);
  return ms;
}

/** Cursors are opaque to clients: the sort key of the last row, base64url-encoded. */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString("base64url");
}

export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (value === undefined) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as unknown[];
    if (typeof at === "number" && Number.isFinite(at) && typeof id === "string") return { at, id };
  } catch {
    // fall through to the error below
  }
  throw new ValidationError("Invalid query", [{ field: "cursor", message: "is not a cursor this server issued" }]);
}

/** The next page's cursor, when this page was full. */
export function nextCursor<T>(rows: T[], limit: number, key: (row: T) => Cursor): string | null {
  const last = rows[rows.length - 1];
  return rows.length === limit && last ? encodeCursor(key(last)) : null;
}
