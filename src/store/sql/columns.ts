import { ValidationError } from "../../errors.js";
import { type ColumnKind, HOT_COLUMNS } from "../../model/event.js";

/**
 * The one whitelist of what a query may filter, group, order and aggregate on: the envelope and the
 * typed (hot) columns every engine keeps beside `data`. Fields are named as the API names them
 * (`timestamp`), columns as the tables do (`ts`). A name from outside reaches SQL only through here.
 */
export interface Column {
  field: string;
  column: string;
  kind: ColumnKind;
}

const ENVELOPE: Column[] = [
  { field: "event_id", column: "event_id", kind: "text" },
  { field: "event_type", column: "event_type", kind: "text" },
  { field: "timestamp", column: "ts", kind: "integer" },
  { field: "received_at", column: "received_at", kind: "integer" },
  { field: "user_id", column: "user_id", kind: "text" },
  { field: "session_id", column: "session_id", kind: "text" },
];

export const COLUMNS: ReadonlyMap<string, Column> = new Map(
  [...ENVELOPE, ...HOT_COLUMNS.map((c) => ({ field: c.name, column: c.name, kind: c.kind }))].map((c) => [c.field, c]),
);

/**
 * The column behind an API field name; a name off the whitelist is the caller's error, named as
 * `where`. `column(…).column` is the only way an identifier enters a query.
 */
export function column(field: string, where: string): Column {
  const c = COLUMNS.get(field);
  if (!c) {
    throw new ValidationError("Invalid query", [
      { field: where, message: `unknown field '${field}'; known: ${[...COLUMNS.keys()].join(", ")}` },
    ]);
  }
  return c;
}

/** A numeric column (for sums, averages, percentiles): integer or double. */
export function numericColumn(field: string, where: string): Column {
  const c = column(field, where);
  if (c.kind !== "integer" && c.kind !== "double") {
    throw new ValidationError("Invalid query", [{ field: where, message: `'${field}' is not a numeric field` }]);
  }
  return c;
}

/** A name of a field inside the JSON `data` that is not a typed column: letters, digits and _ only. */
const DATA_FIELD = /^[a-z_][a-z0-9_]{0,63}$/;

export function dataFieldName(name: string, where: string): string {
  if (!DATA_FIELD.test(name)) {
    throw new ValidationError("Invalid query", [
      { field: where, message: `data field '${name}' must be lower-case letters, digits and _` },
    ]);
  }
  return name;
}
