import { readBucketAggregates, readBucketPercentiles, readTimeSeries } from "../insights/series-reads.js";
import type { TimeSpan } from "../model/period.js";
import type { Measure } from "../store/queries/parts/measure.js";
import type { ValueMeasure } from "../store/queries/parts/value-measure.js";
import type { Filter } from "../store/sql/filter.js";
import type { WidgetContext } from "./context.js";
import { type CostFigure, costFigure, pricedRuns } from "./cost-figures.js";
import type { BucketGrid } from "./interval.js";
import { aggregatesOf, combined } from "./measure-aggregates.js";
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
        const rows = await readBucketPercentiles(ctx.runner, { ...range, field, fractions });
        return [field, { fractions, rows }] as const;
      }),
    ),
  );
  // Counts, sums, means, distinct counts and shares share one bucket-aggregates scan when a widget
  // has several; one alone reads time-series (counts, sums, means) or bucket-aggregates.
  const simple = measures.flatMap((m, i) => (m.priced || m.value.fn === "percentile" ? [] : [i]));
  const shared =
    simple.length > 1 ||
    (simple.length === 1 && !isSeriesMeasure((measures[simple[0] as number] as ResolvedMeasure).value))
      ? await aggregated(
          ctx,
          simple.map((i) => (measures[i] as ResolvedMeasure).value),
          range,
        )
      : [];
  return Promise.all(
    measures.map(async (m, i): Promise<Map<number, BucketValue>> => {
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
        const k = p.fractions.indexOf(v.p);
        return new Map(p.rows.map((r) => [r.bucket_start, { value: r.values[k] ?? null }]));
      }
      const own = shared[simple.indexOf(i)];
      if (own) return own;
      const rows = await readTimeSeries(ctx.runner, { ...range, measure: v as Measure });
      return new Map(rows.map((r) => [r.bucket_start, { value: r.value }]));
    }),
  );
}

const isSeriesMeasure = (v: ValueMeasure): v is Measure => v.fn === "count" || v.fn === "sum" || v.fn === "avg";

/** Several measures per bucket in one bucket-aggregates read. */
async function aggregated(
  ctx: WidgetContext,
  values: readonly ValueMeasure[],
  range: Omit<Parameters<typeof readBucketAggregates>[1], "aggregates">,
): Promise<Array<Map<number, BucketValue>>> {
  const all = combined(values.map((v) => aggregatesOf(v)));
  const rows = await readBucketAggregates(ctx.runner, { ...range, aggregates: all.aggregates });
  const read = rows.map((r) => [r.bucket_start, all.values(r.values)] as const);
  return values.map((_, i) => new Map(read.map(([start, vs]) => [start, { value: vs[i] ?? null }])));
}
