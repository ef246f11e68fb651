import { type TObject, type TSchema, Type } from "@sinclair/typebox";
import { NumOrNull } from "../../sql/row-types.js";

const rows = new Map<string, TObject>();

/**
 * The row schema of a query whose columns are named by its caller (`<prefix><name>`, each a number
 * or NULL) beside fixed ones: one schema per column list, so each is compiled once.
 */
export function namedRow(prefix: string, names: readonly string[], fixed: Record<string, TSchema> = {}): TObject {
  const key = `${Object.keys(fixed).join(",")}|${prefix}|${names.join(",")}`;
  let row = rows.get(key);
  if (!row) {
    row = Type.Object({ ...fixed, ...Object.fromEntries(names.map((n) => [`${prefix}${n}`, NumOrNull])) });
    rows.set(key, row);
  }
  return row;
}
