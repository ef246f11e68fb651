import { Value } from "@sinclair/typebox/value";
import { KpiTuning } from "../insights/kpis.js";
import type { TimeSpan } from "../model/period.js";
import type { Filter } from "../store/sql/filter.js";
import type { NumberData } from "./api-schemas.js";
import { spans, type WidgetContext, widgetFilter } from "./context.js";
import { type CostFigure, costFigure, pricedRuns } from "./cost-figures.js";
import type { WidgetPlan } from "./plan.js";

/** The KPIs' default weights and targets (the /kpis query's defaults). */
export const DEFAULT_TUNING = Value.Default(KpiTuning, {}) as KpiTuning;

/** Change from `previous` to `value` in %, null when either is unknown or the previous is 0. */
export function changePct(value: number | null, previous: number | null): number | null {
  if (value === null || previous === null || previous === 0) return null;
  return ((value - previous) / Math.abs(previous)) * 100;
}

async function figure(
  ctx: WidgetContext,
  plan: Extract<WidgetPlan, { kind: "number" }>,
  span: TimeSpan,
  filter: Filter | undefined,
): Promise<CostFigure | { value: number | null }> {
  if (plan.measure.priced) return costFigure((await pricedRuns(ctx, span, null, filter))[0]);
  return { value: await ctx.ranges.value(span, plan.measure.value, filter) };
}

/** A number tile: the measure over the period and, with compare=previous, over the period before. */
export async function numberData(
  ctx: WidgetContext,
  plan: Extract<WidgetPlan, { kind: "number" }>,
): Promise<NumberData> {
  const { now, before } = spans(ctx);
  const filter = widgetFilter(ctx, plan.filter);
  const [current, old] = await Promise.all([
    figure(ctx, plan, now, filter),
    before ? figure(ctx, plan, before, filter) : Promise.resolve(null),
  ]);
  const previous = old?.value ?? null;
  return {
    kind: "number",
    unit: plan.measure.priced ? ctx.currency : plan.measure.unit,
    better: plan.measure.better,
    ...current,
    previous,
    change_pct: changePct(current.value, previous),
  };
}

/** One KPI score as a number tile (the first version's health gauge), with the previous period's. */
export async function kpiNumberData(
  ctx: WidgetContext,
  plan: Extract<WidgetPlan, { kind: "kpi_number" }>,
): Promise<NumberData> {
  const r = await ctx.kpiReport();
  const value = plan.kpi === "overall" ? r.overall : r[plan.kpi].score;
  const previous = r.previous
    ? plan.kpi === "overall"
      ? r.previous.overall
      : (r.previous.kpis[plan.kpi] ?? null)
    : null;
  return { kind: "number", unit: "score", better: "higher", value, previous, change_pct: changePct(value, previous) };
}
