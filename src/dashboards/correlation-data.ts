import { eventsPage } from "../store/queries/events-page.js";
import { pairMoments } from "../store/queries/pair-moments.js";
import { allOf } from "../store/sql/filter.js";
import type { CorrelationData } from "./api-schemas.js";
import { type WidgetContext, widgetFilter } from "./context.js";
import type { WidgetPlan } from "./plan.js";

/** Points a scatter shows: the newest pairs. */
export const SCATTER_POINTS = 1000;

/** Pearson's r from the sums; null for fewer than 2 pairs or a constant side (it is undefined then, not 0). */
export function pearson(m: {
  n: number;
  sx: number;
  sy: number;
  sxx: number;
  syy: number;
  sxy: number;
}): number | null {
  if (m.n < 2) return null;
  const vx = m.n * m.sxx - m.sx * m.sx;
  const vy = m.n * m.syy - m.sy * m.sy;
  if (!(vx > 0) || !(vy > 0)) return null;
  return Math.max(-1, Math.min(1, (m.n * m.sxy - m.sx * m.sy) / Math.sqrt(vx * vy)));
}

/** How two numeric fields move together over the period: r over every pair, and the newest 1,000 pairs. */
export async function correlationData(
  ctx: WidgetContext,
  plan: Extract<WidgetPlan, { kind: "correlation" }>,
): Promise<CorrelationData> {
  const filter = widgetFilter(ctx, plan.filter);
  const both = allOf({ field: plan.x, op: "not_null" }, { field: plan.y, op: "not_null" }, filter);
  const [[m], newest] = await Promise.all([
    ctx.runner.run(pairMoments({ from: ctx.period.from, to: ctx.period.to, x: plan.x, y: plan.y, filter })),
    ctx.runner.run(eventsPage({ from: ctx.period.from, to: ctx.period.to, filter: both, limit: SCATTER_POINTS })),
  ]);
  const n = m?.n ?? 0;
  return {
    kind: "correlation",
    metric1: plan.x,
    metric2: plan.y,
    correlation: pearson({ n, sx: m?.sx ?? 0, sy: m?.sy ?? 0, sxx: m?.sxx ?? 0, syy: m?.syy ?? 0, sxy: m?.sxy ?? 0 }),
    sample_size: n,
    scatter: newest.map((e) => ({ x: Number(e.data[plan.x]), y: Number(e.data[plan.y]) })),
  };
}
