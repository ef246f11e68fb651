import type { TimeSpan } from "../model/period.js";
import { type CostKey, type PricedUsage, pricedUsage } from "../store/queries/priced-usage.js";
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

/** Cognitive runs over a span grouped by `by` (or not), priced (their latency, unused here, left out). */
export function pricedRuns(
  ctx: WidgetContext,
  span: TimeSpan,
  by: CostKey | null,
  filter: Filter | undefined,
): Promise<PricedUsage[]> {
  return ctx.runner.run(
    pricedUsage({
      from: span.from,
      to: span.to,
      by,
      timeZone: ctx.period.timeZone,
      prices: ctx.prices,
      filter,
      latency: false,
    }),
  );
}
