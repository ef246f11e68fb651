import type { KpiReport } from "../insights/kpis.js";
import type { Period, TimeSpan } from "../model/period.js";
import type { PriceRecord } from "../store/port/prices.js";
import type { QueryRunner } from "../store/port/query-runner.js";
import { allOf, type Filter } from "../store/sql/filter.js";
import type { RangeBatch } from "./range-batch.js";

/** What every widget of one dashboard answer shares: the period, the page's filters, the price table. */
export interface WidgetContext {
  runner: QueryRunner;
  /** Number tiles' figures, read together in one scan per span. */
  ranges: RangeBatch;
  /** The period's KPIs with the default weights and targets, computed once per answer. */
  kpiReport: () => Promise<KpiReport>;
  period: Period;
  /** The page's filters (event type, user, endpoint, membrane, model), applied to every widget. */
  page: Filter | undefined;
  /** The query's interval for every series, overriding the widgets' own. */
  intervalMs: number | undefined;
  prices: readonly PriceRecord[];
  currency: string;
  anomalyThreshold: number;
}

/** The widget's own filter and the page's, both holding. */
export function widgetFilter(ctx: WidgetContext, own: Filter | undefined): Filter | undefined {
  if (own === undefined) return ctx.page;
  return ctx.page === undefined ? own : allOf(own, ctx.page);
}

/** The current span and, with compare=previous, the one before. */
export function spans(ctx: WidgetContext): { now: TimeSpan; before: TimeSpan | null } {
  return { now: { from: ctx.period.from, to: ctx.period.to }, before: ctx.period.previous };
}
