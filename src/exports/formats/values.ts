import type { ColumnType } from "../table.js";

/** A value as JSON: times (epoch ms or ISO text) as ISO 8601 UTC, everything else as it is; a missing value is null. */
export function jsonValue(v: unknown, type: ColumnType): unknown {
  if (v === undefined || v === null) return null;
  if (type === "timestamp") return new Date(v as number | string).toISOString();
  return v;
}

/**
 * A value as text (CSV fields, XML text): ISO 8601 UTC times, `true`/`false`, nested data as JSON
 * text, null as the empty string.
 */
export function textValue(v: unknown, type: ColumnType): string {
  if (v === undefined || v === null) return "";
  if (type === "timestamp") return new Date(v as number | string).toISOString();
  if (typeof v === "string") return v;
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
