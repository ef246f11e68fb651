import { ValidationError } from "../../errors.js";
import { defineQuery, type Query } from "../query.js";
import { allOf, compileFilter, type Filter } from "../sql/filter.js";
import { always, join, sql, trusted } from "../sql/fragment.js";
import { namedRow } from "./parts/named-row.js";
import { inRange, type TimeRange } from "./parts/time-range.js";
import { measureValue, type ValueMeasure } from "./parts/value-measure.js";

/** A named figure over the range: a measure of the events matching its own filter (all of them by default). */
export interface RangeMeasure {
  measure: ValueMeasure;
  filter?: Filter;
}

/** Names become column aliases (`m_<name>`): short lower-case words only. */
const NAME = /^[a-z][a-z0-9_]{0,31}$/;
/**
 * Several figures of one range in one scan, one row: a dashboard's number tiles (events, active
 * users, error rate, p95 latency …) and the parts of a breakdown by a derived key (status class).
 */
export function rangeMeasures(
  spec: TimeRange & { measures: Record<string, RangeMeasure>; filter?: Filter },
): Query<Record<string, number | null>> {
  const names = Object.keys(spec.measures);
  if (!names.length) throw new ValidationError("Invalid query", [{ field: "measures", message: "needs at least one" }]);
  const bad = names.find((n) => !NAME.test(n));
  if (bad !== undefined) {
    throw new ValidationError("Invalid query", [{ field: "measures", message: `'${bad}' is not a lower-case name` }]);
  }
  return defineQuery({
    name: "range-measures",
    row: namedRow("m_", names),
    statement(d) {
      const list = names.map((n) => {
        const m = spec.measures[n] as RangeMeasure;
        const cond = m.filter ? compileFilter(m.filter, d, `measures.${n}.filter`) : always;
        return sql`${measureValue(m.measure, d, cond, `measures.${n}`)} AS ${trusted(`m_${n}`)}`;
      });
      return sql`SELECT ${join(list, ", ")} FROM events WHERE ${compileFilter(allOf(inRange(spec), spec.filter), d)}`;
    },
    map: (r) => {
      const row = r as Record<string, number | null>;
      return Object.fromEntries(names.map((n) => [n, row[`m_${n}`] ?? null]));
    },
  });
}
