import { column, dataFieldName } from "../store/sql/columns.js";
import type { Filter } from "../store/sql/filter.js";

/**
 * Checks a widget filter's fields against the column whitelist when the dashboard is saved, so an
 * unknown field is a 400 naming it then, not an error on the page later. Values are checked by
 * kind when the filter is compiled.
 */
export function checkFilterFields(f: Filter, where: string): void {
  if ("and" in f || "or" in f) {
    const [op, items] = "and" in f ? ["and", f.and] : ["or", f.or];
    for (const [i, g] of items.entries()) checkFilterFields(g, `${where}.${op}.${i}`);
  } else if ("not" in f) checkFilterFields(f.not, `${where}.not`);
  else if (f.field.startsWith("data.")) dataFieldName(f.field.slice(5), `${where}.field`);
  else column(f.field, `${where}.field`);
}
