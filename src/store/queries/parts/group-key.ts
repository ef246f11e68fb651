import type { ColumnKind } from "../../../model/event.js";

/** A group key as the product's types have it: ClickHouse answers booleans as 0/1 and big integers as strings. */
export function groupKey(v: unknown, kind: ColumnKind | undefined): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (kind === "boolean") return v === true || v === 1 || v === "1";
  if (kind === "integer" || kind === "double") return Number(v);
  return String(v);
}
