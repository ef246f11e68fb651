import { ValidationError } from "../../../errors.js";
import { column, numericColumn } from "../../sql/columns.js";
import type { Dialect } from "../../sql/dialect.js";
import { compileFilter, type Filter } from "../../sql/filter.js";
import { always, type Fragment, sql, trusted } from "../../sql/fragment.js";

/**
 * One figure of a group of events, as a single aggregate: their number, the distinct values of a
 * field, the sum, mean or a percentile of a numeric field, or the share (×100) of them matching a
 * filter. Each is NULL over no rows, except counts (0).
 */
export type ValueMeasure =
  | { fn: "count" }
  | { fn: "distinct"; field: string }
  | { fn: "sum" | "avg"; field: string }
  | { fn: "percentile"; field: string; p: number }
  | { fn: "share"; of: Filter };

/** The measure over the rows where `cond` holds (every row by default); `where` names it in errors. */
export function measureValue(m: ValueMeasure, d: Dialect, cond: Fragment = always, where = "measure"): Fragment {
  switch (m.fn) {
    case "count":
      return cond === always ? sql`count(*)` : d.countIf(cond);
    case "distinct": {
      const x = trusted(column(m.field, `${where}.field`).column);
      return d.countDistinct(cond === always ? x : sql`CASE WHEN ${cond} THEN ${x} ELSE NULL END`);
    }
    case "sum":
      return d.sumIf(number(m.field, where), cond);
    case "avg":
      return d.avgIf(number(m.field, where), cond);
    case "percentile":
      if (!(m.p >= 0 && m.p <= 1)) throw invalid(`${where}.p`, "must be between 0 and 1");
      return d.percentileIf(number(m.field, where), m.p, cond);
    case "share": {
      const matching = compileFilter(m.of, d, `${where}.of`);
      return sql`(100.0 * ${d.countIf(sql`(${cond}) AND (${matching})`)} / nullIf(${d.countIf(cond)}, 0))`;
    }
    default:
      throw invalid(`${where}.fn`, `unknown '${String((m as { fn: unknown }).fn)}'`);
  }
}

function number(field: string, where: string): Fragment {
  return trusted(numericColumn(field, `${where}.field`).column);
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError("Invalid query", [{ field, message }]);
}
