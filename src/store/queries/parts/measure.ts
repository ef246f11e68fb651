import { ValidationError } from "../../../errors.js";
import { numericColumn } from "../../sql/columns.js";
import type { Dialect } from "../../sql/dialect.js";
import { always, type Fragment, sql, trusted } from "../../sql/fragment.js";

/** What a bucket or group reports: its number of events, or the sum or mean of a numeric field. */
export type Measure = { fn: "count" } | { fn: "sum" | "avg"; field: string };

const FNS: ReadonlyArray<Measure["fn"]> = ["count", "sum", "avg"];

/** The measure as an aggregate; sums and means of nothing are NULL. */
export function measure(m: Measure, d: Dialect): Fragment {
  if (!FNS.includes(m.fn)) throw unknownMeasure(m);
  if (m.fn === "count") return sql`count(*)`;
  const x = trusted(numericColumn(m.field, "measure.field").column);
  return m.fn === "sum" ? d.sumIf(x, always) : d.avgIf(x, always);
}

function unknownMeasure(m: Measure): ValidationError {
  return new ValidationError("Invalid query", [
    { field: "measure.fn", message: `unknown '${String((m as { fn: unknown }).fn)}'; count, sum or avg` },
  ]);
}

/**
 * The measure in two steps, for pre-aggregating fine groups and then combining them: `partial`
 * is the select list per fine group (`part_n`, `part_total`, `part_filled`), `combined` the
 * aggregate over those rows. A mean is combined as total ÷ values counted, NULL over none.
 */
export function measureInSteps(m: Measure, d: Dialect): { partial: Fragment; combined: Fragment } {
  if (!FNS.includes(m.fn)) throw unknownMeasure(m);
  if (m.fn === "count") return { partial: sql`count(*) AS part_n`, combined: sql`sum(part_n)` };
  const x = trusted(numericColumn(m.field, "measure.field").column);
  const total = sql`${d.sumIf(x, always)} AS part_total`;
  const sumOfTotals = d.sumIf(sql`part_total`, always);
  if (m.fn === "sum") return { partial: total, combined: sumOfTotals };
  return {
    partial: sql`${total}, count(${x}) AS part_filled`,
    combined: sql`${sumOfTotals} / nullIf(sum(part_filled), 0)`,
  };
}
