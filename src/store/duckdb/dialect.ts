import type { CalendarUnit, DataKind, Dialect } from "../sql/dialect.js";
import { type Fragment, fraction, type SqlValue, sql, trusted, wholeMs } from "../sql/fragment.js";

/** DuckDB: values bound as `$n` parameters; ICU time zones; FILTER clauses; quantile_cont is numpy's linear rule. */
export const duckDbDialect: Dialect = {
  engine: "duckdb",

  render(f) {
    let text = f.texts[0] ?? "";
    const params: SqlValue[] = [];
    f.values.forEach((v, i) => {
      text += `$${params.push(v)}${f.texts[i + 1] ?? ""}`;
    });
    return { text, params };
  },

  countIf: (cond) => sql`count(*) FILTER (WHERE ${cond})`,
  sumIf: (x, cond) => sql`sum(${x}) FILTER (WHERE ${cond})`,
  avgIf: (x, cond) => sql`avg(${x}) FILTER (WHERE ${cond})`,
  minIf: (x, cond) => sql`min(${x}) FILTER (WHERE ${cond})`,
  maxIf: (x, cond) => sql`max(${x}) FILTER (WHERE ${cond})`,
  firstIf: (value, by, cond) => sql`arg_min(${value}, ${by}) FILTER (WHERE ${cond})`,
  countDistinct: (x) => sql`count(DISTINCT ${x})`,
  percentileIf: (x, p, cond) => sql`quantile_cont(${x}, ${fraction(p)}) FILTER (WHERE ${cond})`,
  bucket: (ts, widthMs) => sql`(${ts} // ${wholeMs(widthMs)}) * ${wholeMs(widthMs)}`,

  calendarBucket(ts: Fragment, unit: CalendarUnit, timeZone: string) {
    const local = sql`timezone(${timeZone}, make_timestamptz(${ts} * 1000))`;
    // An hour is cut on the instant's own local clock, so the repeated hour of a DST fall-back stays two buckets.
    if (unit === "hour") return sql`(${ts} - ((epoch_ms(${local}) % 3600000) + 3600000) % 3600000)`;
    return sql`epoch_ms(timezone(${timeZone}, date_trunc(${trusted(`'${unit}'`)}, ${local})))`;
  },

  dataField(name: string, kind: DataKind) {
    const path = `$.${name}`;
    return kind === "text"
      ? sql`json_extract_string(data, ${path})`
      : sql`TRY_CAST(json_extract_string(data, ${path}) AS DOUBLE)`;
  },

  like: (x, pattern) => sql`${x} LIKE ${pattern} ESCAPE '\\'`,
};
