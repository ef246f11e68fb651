import { DAY_MS, HOUR_MS, zoneOffsetMs } from "../insights/buckets.js";
import type { ValueMeasure } from "../store/queries/parts/value-measure.js";
import { timeSeries } from "../store/queries/time-series.js";
import type { HeatmapData } from "./api-schemas.js";
import { type WidgetContext, widgetFilter } from "./context.js";
import type { WidgetPlan } from "./plan.js";

/** The epoch (1970-01-01) was a Thursday: with Monday as 0, day 0 is weekday 3. */
const EPOCH_WEEKDAY = 3;

/**
 * Activity by hour of the day × day of the week, on the clocks of the period's time zone: the
 * measure per local hour (calendar hour buckets in the zone), added up per cell. All 168 cells,
 * Monday 0, hour 0 first.
 */
export async function heatmapData(
  ctx: WidgetContext,
  plan: Extract<WidgetPlan, { kind: "heatmap" }>,
): Promise<HeatmapData> {
  const tz = ctx.period.timeZone;
  const measure = plan.measure.value as Extract<ValueMeasure, { fn: "count" | "sum" }>;
  const hours = await ctx.runner.run(
    timeSeries({
      from: ctx.period.from,
      to: ctx.period.to,
      bucket: { unit: "hour", timeZone: tz },
      measure,
      filter: widgetFilter(ctx, plan.filter),
    }),
  );
  const cells = Array.from({ length: 7 * 24 }, (_, i) => ({ weekday: Math.floor(i / 24), hour: i % 24, value: 0 }));
  for (const h of hours) {
    const local = h.bucket_start + zoneOffsetMs(h.bucket_start, tz);
    const day = Math.floor(local / DAY_MS);
    const weekday = (((day + EPOCH_WEEKDAY) % 7) + 7) % 7;
    const hour = Math.floor((local - day * DAY_MS) / HOUR_MS);
    const cell = cells[weekday * 24 + hour] as HeatmapData["cells"][number];
    cell.value += h.value ?? 0;
  }
  return { kind: "heatmap", unit: plan.measure.unit, cells, max: Math.max(0, ...cells.map((c) => c.value)) };
}
