import { DAY_MS, nextBucket } from "../insights/buckets.js";
import type { Point } from "../insights/metric.js";
import type { TimeSpan } from "../model/period.js";
import type { Filter } from "../store/sql/filter.js";
import type { SeriesData } from "./api-schemas.js";
import { type BucketValue, bucketValues } from "./bucket-values.js";
import { spans, type WidgetContext, widgetFilter } from "./context.js";
import { type BucketGrid, gridOf, widgetInterval } from "./interval.js";
import type { ResolvedMeasure } from "./measures.js";
import type { WidgetPlan } from "./plan.js";
import { anomaliesOf, forecastOf } from "./series-overlays.js";

const WEEK_MS = 7 * DAY_MS;

type Named = SeriesData["series"][number];

function pointsOf(m: ResolvedMeasure, starts: readonly number[], found: Map<number, BucketValue>): Named["points"] {
  return starts.map((t) => {
    const v = found.get(t);
    if (m.priced)
      return { t, value: v?.value ?? 0, unpriced_runs: v?.unpriced_runs ?? 0, coverage_pct: v?.coverage_pct ?? null };
    return { t, value: v?.value ?? m.empty };
  });
}

async function named(
  ctx: WidgetContext,
  measures: readonly ResolvedMeasure[],
  span: TimeSpan,
  grid: BucketGrid,
  filter: Filter | undefined,
): Promise<Named[]> {
  const found = await bucketValues(ctx, measures, span, grid, filter);
  return measures.map((m, i) => ({
    name: m.name,
    points: pointsOf(m, grid.starts, found[i] as Map<number, BucketValue>),
  }));
}

/**
 * How far back the previous period's buckets are read: the period's length in whole buckets, and
 * for views of a week or more in whole weeks, so Monday lies over Monday.
 */
function shiftOf(span: TimeSpan, intervalMs: number): number {
  const length = span.to - span.from;
  const unit = length >= WEEK_MS ? Math.max(WEEK_MS, intervalMs) : intervalMs;
  return Math.max(unit, Math.round(length / unit) * unit);
}

/**
 * A series widget: every bucket of the period present (half-open [t, t + interval)), empty ones 0
 * for counts and sums and null for means, percentiles and rates; the last bucket marked partial
 * when it reaches past the period's end; the previous period shifted onto this one's buckets.
 */
export async function seriesData(
  ctx: WidgetContext,
  plan: Extract<WidgetPlan, { kind: "series" }>,
): Promise<SeriesData> {
  const { now, before } = spans(ctx);
  const priced = plan.measures.some((m) => m.priced);
  const intervalMs = priced ? DAY_MS : widgetInterval(ctx.intervalMs ?? plan.intervalMs, now);
  const grid = gridOf(now, intervalMs, ctx.period.timeZone);
  const next = (t: number) =>
    "unit" in grid.bucketing ? nextBucket(t, "day", ctx.period.timeZone) : t + grid.interval_ms;
  const filter = widgetFilter(ctx, plan.filter);
  const previous = async (): Promise<Named[] | null> => {
    if (!before) return null;
    const shift = shiftOf(now, intervalMs);
    const back = { from: now.from - shift, to: now.to - shift };
    const old = await named(ctx, plan.measures, back, gridOf(back, intervalMs, ctx.period.timeZone), filter);
    return old.map((s) => ({
      name: s.name,
      points: grid.starts.map((t, i) => ({ ...(s.points[i] ?? { value: null }), t })),
    }));
  };
  const [series, old] = await Promise.all([named(ctx, plan.measures, now, grid, filter), previous()]);
  const last = grid.starts.at(-1);
  const partialFrom = last !== undefined && next(last) > now.to ? last : null;
  const first = (series[0]?.points ?? []) as Point[];
  const whole = partialFrom === null ? first : first.slice(0, -1);
  const lead = plan.measures[0] as ResolvedMeasure;
  const unit = lead.priced ? ctx.currency : lead.unit;
  return {
    kind: "series",
    unit,
    better: lead.better,
    interval_ms: grid.interval_ms,
    series,
    partial_from: partialFrom,
    previous: old,
    anomalies: plan.anomalies
      ? anomaliesOf(lead.name, whole, grid.interval_ms, ctx.period.timeZone, ctx.anomalyThreshold)
      : [],
    forecast:
      plan.forecast && last !== undefined
        ? forecastOf(whole, partialFrom ?? next(last), next, grid.interval_ms, unit)
        : [],
  };
}
