import { ValidationError } from "../../../errors.js";
import { numericColumn } from "../../sql/columns.js";
import type { Dialect } from "../../sql/dialect.js";
import { always, type Fragment, sql, trusted } from "../../sql/fragment.js";

/** What a bucket or group reports: its number of events, or the sum or mean of a numeric field. */
export type Measure = { fn: "count" } | { fn: "sum" | "avg"; field: string };

/** The measure as an aggregate; sums and means of nothing are NULL. */
export function measure(m: Measure, d: Dialect): Fragment {
  if (m.fn === "count") return sql`count(*)`;
  const x = trusted(numericColumn(m.field, "measure.field").column);
  if (m.fn === "sum") return d.sumIf(x, always);
  if (m.fn === "avg") return d.avgIf(x, always);
  throw new ValidationError("Invalid query", [
    { field: "measure.fn", message: `unknown '${String((m as { fn: unknown }).fn)}'; count, sum or avg` },
  ]);
}
