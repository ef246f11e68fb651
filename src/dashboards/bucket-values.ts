import type { TimeSpan } from "../model/period.js";
import { type BucketAggregate, bucketAggregates } from "../store/queries/bucket-aggregates.js";
import { bucketPercentiles } from "../store/queries/bucket-percentiles.js";
import { timeSeries } from "../store/queries/time-series.js";
import type { Filter } from "../store/sql/filter.js";
import type { WidgetContext } from "./context.js";
import { type CostFigure, costFigure, pricedRuns } from "./cost-figures.js";
import type { BucketGrid } from "./interval.js";
import type { ResolvedMeasure } from "./measures.js";

/** A bucket's value; priced ones also say how many runs had no price. */
export type BucketValue = { value: number | null } & Partial<Omit<CostFigure, "value">>;

/**
 * Each measure's value per bucket that held events, by bucket start: counts, sums and means from
 * time-series, distinct users and shares from bucket-aggregates, percentiles of one field from one
 * bucket-percentiles scan, cost from the priced usage per day.
 */
export async function bucketValues(
  ctx: WidgetContext,
  measures: readonly ResolvedMeasure[],
  span: TimeSpan,
  grid: BucketGrid,
  filter: Filter | undefined,
): Promise<Array<Map<number, BucketValue>>> {
  const range = { from: span.from, to: span.to, bucket: grid.bucketing, filter };
  const percentileFields = [...new Set(measures.flatMap((m) => (m.value.fn === "percentile" ? [m.value.field] : [])))];
  const percentiles = new Map(
    await Promise.all(
      percentileFields.map(async (field) => {
        const fractions = measures.flatMap((m) =>
          m.value.fn === "percentile" && m.value.field === field ? [m.value.p] : [],
        );
        const rows = await ctx.runner.run(bucketPercentiles({ ...range, field, fractions }));
        return [field, { fractions, rows }] as const;
      }),
    ),
  );
  return Promise.all(
    measures.map(async (m): Promise<Map<number, BucketValue>> => {
      const v = m.value;
      if (m.priced) {
        const rows = await pricedRuns(ctx, span, "day", filter);
        return new Map(rows.map((r) => [Number(r.key), costFigure(r)]));
      }
      if (v.fn === "percentile") {
        const p = percentiles.get(v.field) as {
          fractions: number[];
          rows: Array<{ bucket_start: number; values: Array<number | null> }>;
        };
        const i = p.fractions.indexOf(v.p);
        return new Map(p.rows.map((r) => [r.bucket_start, { value: r.values[i] ?? null }]));
      }
      if (v.fn === "count" || v.fn === "sum" || v.fn === "avg") {
        const rows = await ctx.runner.run(timeSeries({ ...range, measure: v }));
        return new Map(rows.map((r) => [r.bucket_start, { value: r.value }]));
      }
      const aggregates: Record<string, BucketAggregate> =
        v.fn === "distinct"
          ? { n: { fn: "distinct", field: v.field } }
          : { all: { fn: "count" }, hit: { fn: "count", filter: (v as { of: Filter }).of } };
      const rows = await ctx.runner.run(bucketAggregates({ ...range, aggregates }));
      return new Map(
        rows.map((r) => {
          const a = r.values;
          const value = v.fn === "distinct" ? (a.n ?? 0) : a.all ? (100 * (a.hit ?? 0)) / a.all : null;
          return [r.bucket_start, { value }];
        }),
      );
    }),
  );
}
