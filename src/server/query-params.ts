import { ValidationError } from "../errors.js";
import type { Cursor } from "../store/port.js";

/** A time in a query string: epoch milliseconds or ISO 8601. */
export function parseTime(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new ValidationError("Invalid query", [{ field, message: "must be ISO 8601 or epoch milliseconds" }]);
  }
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
