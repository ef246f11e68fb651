import type { SqlValue } from "../sql/fragment.js";

/**
 * Literals for ClickHouse SQL. ClickHouse 18.16 (Debian's) has no server-side query parameters,
 * so values are quoted here, in one place: strings escaped, numbers checked to be finite.
 */

export function lit(v: SqlValue): string {
  if (v === null) return "NULL";
  if (typeof v === "boolean") return v ? "1" : "0";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`Not a finite number: ${v}`);
    return Number.isInteger(v) ? v.toFixed(0) : String(v);
  }
  return `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** `a, b, c` for IN lists; never empty (an empty IN list is a syntax error). */
export function litList(values: SqlValue[]): string {
  return values.length ? values.map(lit).join(", ") : "NULL";
}

/** ClickHouse's JSON formats quote 64-bit integers; every number this product stores fits a double. */
export function num(v: unknown): number {
  return typeof v === "number" ? v : Number(v);
}

export function numOrNull(v: unknown): number | null {
  return v === null || v === undefined ? null : num(v);
}
