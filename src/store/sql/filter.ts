import { ValidationError } from "../../errors.js";
import type { ColumnKind } from "../../model/event.js";
import { column, dataFieldName } from "./columns.js";
import type { DataKind, Dialect } from "./dialect.js";
import { always, type Fragment, join, never, type SqlValue, sql, trusted } from "./fragment.js";

/**
 * The one filter language: the events listing, dashboard widgets, exports and the OData feed all
 * compile theirs to this. `field` is an API field from the column whitelist, or `data.<name>` for a
 * top-level field of an event's JSON `data` that has no typed column.
 */
export type Comparison = "eq" | "ne" | "lt" | "lte" | "gt" | "gte";

export type Condition =
  | { field: string; op: Comparison; value: string | number | boolean }
  | { field: string; op: "in"; value: Array<string | number | boolean> }
  | { field: string; op: "contains" | "starts_with"; value: string }
  | { field: string; op: "is_null" | "not_null" };

export type Filter = Condition | { and: Filter[] } | { or: Filter[] } | { not: Filter };

const COMPARE: Record<Comparison, string> = { eq: "=", ne: "!=", lt: "<", lte: "<=", gt: ">", gte: ">=" };

/** The filter as a boolean SQL fragment; `where` names it in errors (`filter`, `filter.and[2]` …). */
export function compileFilter(f: Filter, d: Dialect, where = "filter"): Fragment {
  if ("and" in f) return group(f.and, " AND ", always, d, `${where}.and`);
  if ("or" in f) return group(f.or, " OR ", never, d, `${where}.or`);
  if ("not" in f) return sql`NOT (${compileFilter(f.not, d, `${where}.not`)})`;
  return condition(f, d, where);
}

/** `and` of the given filters, leaving out the undefined ones. */
export function allOf(...filters: Array<Filter | undefined>): Filter {
  return { and: filters.filter((f): f is Filter => f !== undefined) };
}

function group(items: Filter[], op: string, whenEmpty: Fragment, d: Dialect, where: string): Fragment {
  if (!items.length) return whenEmpty;
  return sql`(${join(
    items.map((f, i) => compileFilter(f, d, `${where}[${i}]`)),
    op,
  )})`;
}

function condition(c: Condition, d: Dialect, where: string): Fragment {
  const { expr, kind } = operand(c, d, `${where}.field`);
  switch (c.op) {
    case "is_null":
      return sql`${expr} IS NULL`;
    case "not_null":
      return sql`${expr} IS NOT NULL`;
    case "in":
      if (!c.value.length) return never;
      return sql`${expr} IN (${join(
        c.value.map((v) => value(v, kind, where)),
        ", ",
      )})`;
    case "contains":
      return d.like(textOperand(expr, kind, where), `%${escapeLike(text(c.value, where))}%`);
    case "starts_with":
      return d.like(textOperand(expr, kind, where), `${escapeLike(text(c.value, where))}%`);
    default: {
      const op = COMPARE[c.op];
      if (!op) throw invalid(`${where}.op`, `unknown operator '${String(c.op)}'`);
      return sql`${expr} ${trusted(op)} ${value(c.value, kind, where)}`;
    }
  }
}

/** The column or `data` field a condition reads, with the kind its values must have. */
function operand(c: Condition, d: Dialect, where: string): { expr: Fragment; kind: ColumnKind } {
  if (c.field.startsWith("data.")) {
    const name = dataFieldName(c.field.slice(5), where);
    const sample = Array.isArray((c as { value?: unknown }).value)
      ? (c as { value: unknown[] }).value[0]
      : (c as { value?: unknown }).value;
    const kind: DataKind = typeof sample === "number" ? "double" : "text";
    return { expr: d.dataField(name, kind), kind: kind === "double" ? "double" : "text" };
  }
  const col = column(c.field, where);
  return { expr: trusted(col.column), kind: col.kind };
}

/** A value checked against the field's kind: a filter on a number compares numbers. */
function value(v: unknown, kind: ColumnKind, where: string): Fragment {
  const ok =
    kind === "text"
      ? typeof v === "string"
      : kind === "boolean"
        ? typeof v === "boolean"
        : typeof v === "number" && Number.isFinite(v) && (kind === "double" || Number.isSafeInteger(v));
  if (!ok) throw invalid(`${where}.value`, `must be ${KIND_WORD[kind]}`);
  return sql`${v as SqlValue}`;
}

const KIND_WORD: Record<ColumnKind, string> = {
  text: "a string",
  integer: "a whole number",
  double: "a number",
  boolean: "true or false",
};

function textOperand(expr: Fragment, kind: ColumnKind, where: string): Fragment {
  if (kind !== "text") throw invalid(`${where}.op`, "contains and starts_with need a text field");
  return expr;
}

function text(v: unknown, where: string): string {
  if (typeof v !== "string") throw invalid(`${where}.value`, "must be a string");
  return v;
}

/** `\`, `%` and `_` match themselves. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError("Invalid query", [{ field, message }]);
}
