import type { CalendarUnit, DataKind, Dialect } from "../sql/dialect.js";
import { type Fragment, fraction, sql, trusted, wholeMs } from "../sql/fragment.js";
import { lit } from "./sql.js";

/**
 * ClickHouse, 18.16 and current: no query parameters, so values are quoted by `lit`, in one place;
 * `-If` combinators; aggregates over no rows answer 0 or '', so each is wrapped to answer NULL;
 * the linear percentile is built from the sorted values, as neither quantileExact (which does not
 * interpolate) nor quantileExactInclusive (absent in 18.16) gives numpy's rule.
 */
/** The non-NULL `x` where `cond` holds, as floats sorted ascending. */
function sortedValues(x: Fragment, cond: Fragment): Fragment {
  return sql`arraySort(groupArrayIf(toFloat64(${x}), ${cond} AND isNotNull(${x})))`;
}

export const clickHouseDialect: Dialect = {
  engine: "clickhouse",

  render(f) {
    let text = f.texts[0] ?? "";
    f.values.forEach((v, i) => {
      text += `${lit(v)}${f.texts[i + 1] ?? ""}`;
    });
    return { text, params: [] };
  },

  // On 18.16 a condition over Nullable columns (success, status_code) that is NULL on every row makes
  // countIf answer NULL, not 0 (the KPIs of a period without AI runs failed to decode).
  countIf: (cond) => sql`ifNull(countIf(${cond}), 0)`,
  sumIf: (x, cond) => nullWhenNone(sql`sumIf(${x}, ${cond})`, sql`${cond} AND isNotNull(${x})`),
  avgIf: (x, cond) => nullWhenNone(sql`avgIf(${x}, ${cond})`, sql`${cond} AND isNotNull(${x})`),
  minIf: (x, cond) => nullWhenNone(sql`minIf(${x}, ${cond})`, sql`${cond} AND isNotNull(${x})`),
  maxIf: (x, cond) => nullWhenNone(sql`maxIf(${x}, ${cond})`, sql`${cond} AND isNotNull(${x})`),
  firstIf: (value, by, cond) => nullWhenNone(sql`argMinIf(${value}, ${by}, ${cond})`, cond),
  // Over a Nullable column with no non-NULL values uniqExact answers NULL; a count of nothing is 0.
  countDistinct: (x) => sql`ifNull(uniqExact(${x}), 0)`,

  percentileIf(x, p, cond) {
    // Sorted values a[1..n]; h = (n - 1)·p; a[⌊h⌋+1] + (h - ⌊h⌋)·(a[⌊h⌋+2] - a[⌊h⌋+1]). Equal
    // subexpressions are computed once by ClickHouse, so the sort happens once per group.
    const values = sortedValues(x, cond);
    const h = sql`(length(${values}) - 1) * ${fraction(p)}`;
    const lo = sql`toInt64(floor(${h}))`;
    const at = (k: number) => sql`arrayElement(${values}, ${lo} + ${trusted(String(k))})`;
    // Past the end arrayElement gives 0; the weight there is 0, but 0·x of an infinite x would not be.
    const next = sql`if(${lo} + 2 <= length(${values}), ${at(2)}, ${at(1)})`;
    return sql`if(length(${values}) = 0, NULL, ${at(1)} + (${h} - ${lo}) * (${next} - ${at(1)}))`;
  },

  ln: (x) => sql`log(${x})`,
  sortedSliceIf(x, start, length, cond) {
    return sql`arraySlice(${sortedValues(x, cond)}, toInt64(${start}), ${trusted(String(length))})`;
  },
  bucket: (ts, widthMs) => sql`intDiv(${ts}, ${wholeMs(widthMs)}) * ${wholeMs(widthMs)}`,

  calendarBucket(ts: Fragment, unit: CalendarUnit, timeZone: string) {
    const local = sql`toDateTime(intDiv(${ts}, 1000), ${timeZone})`;
    const start =
      unit === "hour"
        ? sql`toStartOfHour(${local})`
        : unit === "day"
          ? sql`toStartOfDay(${local})`
          : // toMonday and toStartOfMonth give a Date; its midnight in the zone is the instant.
            sql`toDateTime(${unit === "week" ? sql`toMonday(${local})` : sql`toStartOfMonth(${local})`}, ${timeZone})`;
    return sql`toInt64(toUInt32(${start})) * 1000`;
  },

  dataField(name: string, kind: DataKind) {
    // visitParam* (18.16 has no JSONExtract) read the first `"name":` in the text, at any depth.
    const read =
      kind === "text" ? sql`visitParamExtractString(data, ${name})` : sql`visitParamExtractFloat(data, ${name})`;
    return sql`if(visitParamHas(data, ${name}), ${read}, NULL)`;
  },

  like: (x, pattern) => sql`like(${x}, ${pattern})`,
};

function nullWhenNone(aggregate: Fragment, cond: Fragment): Fragment {
  return sql`if(countIf(${cond}) = 0, NULL, ${aggregate})`;
}
