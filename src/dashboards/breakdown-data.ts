import { STATUS_CLASSES, statusClassFilter } from "../explore/drill-down.js";
import type { TimeSpan } from "../model/period.js";
import { groupedMeasure } from "../store/queries/grouped-measure.js";
import type { CostKey } from "../store/queries/priced-usage.js";
import { type RangeMeasure, rangeMeasures } from "../store/queries/range-measures.js";
import { SESSION_SIZE_BOUNDS, sessionSizes } from "../store/queries/session-sizes.js";
import { allOf, type Filter } from "../store/sql/filter.js";
import type { BreakdownData } from "./api-schemas.js";
import { spans, type WidgetContext, widgetFilter } from "./context.js";
import { costFigure, pricedRuns } from "./cost-figures.js";
import type { WidgetPlan } from "./plan.js";

type Plan = Extract<WidgetPlan, { kind: "breakdown" }>;
type Row = BreakdownData["rows"][number];
/** One side's rows: the top ones (with their extras) and how many groups there are. */
type Side = { rows: Array<Omit<Row, "previous">>; total: number };

const byValue = (a: { key: string; value: number | null }, b: { key: string; value: number | null }) =>
  (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) ||
  (b.value ?? 0) - (a.value ?? 0) ||
  (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Status classes are not a column: each class is a filter on status_code, all measured in one scan. */
async function statusClasses(
  ctx: WidgetContext,
  plan: Plan,
  span: TimeSpan,
  filter: Filter | undefined,
): Promise<Side> {
  const measures: Record<string, RangeMeasure> = {};
  for (const c of STATUS_CLASSES) {
    measures[`n${c[0]}`] = { measure: { fn: "count" }, filter: statusClassFilter(c) };
    measures[`v${c[0]}`] = { measure: plan.measure.value, filter: statusClassFilter(c) };
  }
  const [row = {}] = await ctx.runner.run(rangeMeasures({ ...span, measures, filter }));
  const rows = STATUS_CLASSES.filter((c) => (row[`n${c[0]}`] ?? 0) > 0)
    .map((c) => ({ key: c, value: row[`v${c[0]}`] ?? null }))
    .sort(byValue);
  return { rows: rows.slice(0, plan.limit), total: rows.length };
}

/** The size classes' names: "1", "2-5" … "1001+". */
const SIZE_NAMES = SESSION_SIZE_BOUNDS.map((b, i) =>
  i === 0 ? String(b) : `${(SESSION_SIZE_BOUNDS[i - 1] as number) + 1}-${b}`,
);

/** Sessions by their number of events: a histogram, its classes in size order (not by count). */
async function sessionSizeClasses(
  ctx: WidgetContext,
  plan: Plan,
  span: TimeSpan,
  filter: Filter | undefined,
): Promise<Side> {
  const found = await ctx.runner.run(sessionSizes({ ...span, filter }));
  const rows = found.map((r) => {
    const i = r.upper === null ? -1 : SESSION_SIZE_BOUNDS.indexOf(r.upper as (typeof SESSION_SIZE_BOUNDS)[number]);
    return {
      key: i < 0 ? `${(SESSION_SIZE_BOUNDS.at(-1) as number) + 1}+` : (SIZE_NAMES[i] as string),
      value: r.sessions,
    };
  });
  return { rows: rows.slice(0, plan.limit), total: rows.length };
}

/** Cost by model, membrane or user, priced as /ai-usage prices it; runs without the key form no group. */
async function priced(ctx: WidgetContext, plan: Plan, span: TimeSpan, filter: Filter | undefined): Promise<Side> {
  const found = await pricedRuns(ctx, span, plan.by as CostKey, filter);
  const rows = found
    .filter((r) => r.key !== null)
    .map((r) => ({ key: String(r.key), runs: r.runs, ...costFigure(r) }))
    .sort(byValue);
  return { rows: rows.slice(0, plan.limit), total: rows.length };
}

async function grouped(
  ctx: WidgetContext,
  plan: Plan,
  span: TimeSpan,
  filter: Filter | undefined,
  limit: number,
): Promise<Side> {
  const found = await ctx.runner.run(
    groupedMeasure({ ...span, by: plan.by, measure: plan.measure.value, limit, filter }),
  );
  return { rows: found.map((r) => ({ key: String(r.key), value: r.value })), total: found[0]?.total_groups ?? 0 };
}

function side(ctx: WidgetContext, plan: Plan, span: TimeSpan, filter: Filter | undefined, limit = plan.limit) {
  if (plan.by === "status_class") return statusClasses(ctx, plan, span, filter);
  if (plan.by === "session_size") return sessionSizeClasses(ctx, plan, span, filter);
  return plan.measure.priced ? priced(ctx, plan, span, filter) : grouped(ctx, plan, span, filter, limit);
}

/**
 * A breakdown: the top `limit` groups by the measure, largest first, with how many groups there
 * are ("top 25 of 487"); with compare=previous each shown group's value in the period before.
 */
export async function breakdownData(ctx: WidgetContext, plan: Plan): Promise<BreakdownData> {
  const { now, before } = spans(ctx);
  const filter = widgetFilter(ctx, plan.filter);
  const current = await side(ctx, plan, now, filter);
  let previous = new Map<string, number | null>();
  if (before && current.rows.length) {
    // Only the shown groups are looked up in the period before.
    const keys = current.rows.map((r) => r.key);
    const only: Filter | undefined =
      plan.by === "status_class" || plan.by === "session_size"
        ? filter
        : allOf(filter, { field: plan.by, op: "in", value: keys });
    const old = await side(ctx, plan, before, only, keys.length);
    previous = new Map(old.rows.map((r) => [r.key, r.value]));
  }
  return {
    kind: "breakdown",
    unit: plan.measure.priced ? ctx.currency : plan.by === "session_size" ? "sessions" : plan.measure.unit,
    better: plan.measure.better,
    rows: current.rows.map((r) => ({ ...r, previous: before ? (previous.get(r.key) ?? null) : null })),
    total_groups: current.total,
    shown: current.rows.length,
  };
}
