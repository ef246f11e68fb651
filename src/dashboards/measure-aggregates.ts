import type { BucketAggregate } from "../store/queries/bucket-aggregates.js";
import type { ValueMeasure } from "../store/queries/parts/value-measure.js";
import { allOf, type Filter } from "../store/sql/filter.js";

/** A measure as aggregates of its events, and how its value is read from them. */
export interface MeasureAggregates {
  aggregates: Record<string, BucketAggregate>;
  read(a: Record<string, number | null>): number | null;
}

/** Measures made of counts and sums alone: their value over a range adds up from its hours. */
export const isAdditive = (v: ValueMeasure): boolean =>
  v.fn === "count" || v.fn === "sum" || v.fn === "avg" || v.fn === "share";

/**
 * A measure as counts, sums and distinct counts of the events matching `filter` (all of them by
 * default): a mean is a sum over a count, a share a count over a count. Percentiles have none.
 */
export function aggregatesOf(v: ValueMeasure, filter?: Filter): MeasureAggregates {
  const where = (own?: Filter) => {
    const both = allOf(filter, own);
    return "and" in both && !both.and.length ? {} : { filter: both };
  };
  switch (v.fn) {
    case "count":
      return { aggregates: { n: { fn: "count", ...where() } }, read: (a) => a.n ?? 0 };
    case "distinct":
      if (filter) throw new Error("a distinct count takes no filter of its own");
      return { aggregates: { n: { fn: "distinct", field: v.field } }, read: (a) => a.n ?? 0 };
    case "share":
      return {
        aggregates: { all: { fn: "count", ...where() }, hit: { fn: "count", ...where(v.of) } },
        read: (a) => (a.all ? (100 * (a.hit ?? 0)) / a.all : null),
      };
    case "sum":
      return { aggregates: { s: { fn: "sum", field: v.field, ...where() } }, read: (a) => a.s ?? null };
    case "avg":
      return {
        aggregates: {
          s: { fn: "sum", field: v.field, ...where() },
          c: { fn: "count", ...where({ field: v.field, op: "not_null" }) },
        },
        read: (a) => (a.c ? (a.s ?? 0) / a.c : null),
      };
    default:
      throw new Error(`no aggregates for ${v.fn}`);
  }
}

/** Several measures' aggregates under one set of names (`m<index>_<name>`), and each measure's value read back. */
export function combined(parts: readonly MeasureAggregates[]): {
  aggregates: Record<string, BucketAggregate>;
  values(a: Record<string, number | null>): Array<number | null>;
} {
  const aggregates = Object.fromEntries(
    parts.flatMap((p, i) => Object.entries(p.aggregates).map(([name, a]) => [`m${i}_${name}`, a])),
  );
  return {
    aggregates,
    values: (a) =>
      parts.map((p, i) => {
        const prefix = `m${i}_`;
        const own = Object.entries(a).filter(([k]) => k.startsWith(prefix));
        return p.read(Object.fromEntries(own.map(([k, x]) => [k.slice(prefix.length), x])));
      }),
  };
}
