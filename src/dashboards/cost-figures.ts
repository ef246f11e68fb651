import { readPricedUsage } from "../insights/series-reads.js";
import type { TimeSpan } from "../model/period.js";
import { TOTALS_BUCKET_MS } from "../store/cache/range-totals.js";
import { addPricedUsage, type CostKey, type PricedUsage } from "../store/queries/priced-usage.js";
import type { Filter } from "../store/sql/filter.js";
import type { WidgetContext } from "./context.js";

/** A priced figure: the cost (null when no run is priced), and how many runs had no price. */
export interface CostFigure {
  value: number | null;
  unpriced_runs: number;
  coverage_pct: number | null;
}

/** The runs' cost as /ai-usage prices it: a sent cost wins, else the price book at query time. */
export function costFigure(r: PricedUsage | undefined): CostFigure {
  const runs = r?.runs ?? 0;
  const priced = (r?.self_priced_runs ?? 0) + (r?.table_priced_runs ?? 0);
  return {
    value: r?.cost ?? (runs ? null : 0),
    unpriced_runs: r?.unpriced_runs ?? 0,
    coverage_pct: runs ? (100 * priced) / runs : null,
  };
}

/**
 * Cognitive runs over a span grouped by `by` (or not), priced (their latency, unused here, left
 * out): per day in the period's zone, or per hour added up, so closed days and hours are kept.
 */
export async function pricedRuns(
  ctx: WidgetContext,
  span: TimeSpan,
  by: CostKey | null,
  filter: Filter | undefined,
): Promise<PricedUsage[]> {
  const zone = ctx.period.timeZone;
  const spec = { from: span.from, to: span.to, by, timeZone: zone, prices: ctx.prices, filter, latency: false };
  if (by === "day") {
    const days = await readPricedUsage(ctx.runner, { ...spec, bucket: { unit: "day", timeZone: zone } });
    return days.map(({ bucket_start: _, ...r }) => r);
  }
  return addPricedUsage(await readPricedUsage(ctx.runner, { ...spec, bucket: { widthMs: TOTALS_BUCKET_MS } }), by);
}
