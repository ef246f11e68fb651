import type { KpisData, WidgetData } from "./api-schemas.js";
import { breakdownData } from "./breakdown-data.js";
import type { WidgetContext } from "./context.js";
import { correlationData } from "./correlation-data.js";
import { heatmapData } from "./heatmap-data.js";
import { kpiNumberData, numberData } from "./number-data.js";
import type { WidgetPlan } from "./plan.js";
import { seriesData } from "./series-data.js";

/** The KPI scores with their components, as /kpis answers them (page filters do not apply: KPIs are of the whole service). */
async function kpisData(ctx: WidgetContext): Promise<KpisData> {
  const r = await ctx.kpiReport();
  return {
    kind: "kpis",
    overall: r.overall,
    user_engagement: r.user_engagement,
    system_health: r.system_health,
    cognitive_performance: r.cognitive_performance,
  };
}

/** A widget's data, by what its plan computes. */
export function widgetData(ctx: WidgetContext, plan: WidgetPlan): Promise<WidgetData> {
  switch (plan.kind) {
    case "series":
      return seriesData(ctx, plan);
    case "breakdown":
      return breakdownData(ctx, plan);
    case "number":
      return numberData(ctx, plan);
    case "kpi_number":
      return kpiNumberData(ctx, plan);
    case "heatmap":
      return heatmapData(ctx, plan);
    case "kpis":
      return kpisData(ctx);
    case "correlation":
      return correlationData(ctx, plan);
  }
}
