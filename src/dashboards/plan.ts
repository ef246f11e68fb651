import { ValidationError } from "../errors.js";
import type { Filter } from "../store/sql/filter.js";
import { allOf } from "../store/sql/filter.js";
import { type Breakdown, KPI_NAMES, type WidgetConfiguration, type WidgetDef } from "./api-schemas.js";
import { checkFilterFields } from "./filter-check.js";
import { parseInterval } from "./interval.js";
import { countingUnit, legacyMeasure, type ResolvedMeasure, resolveMeasure } from "./measures.js";

export type KpiName = (typeof KPI_NAMES)[number];

/** What a widget computes, checked: the compiler's input. */
export type WidgetPlan =
  | {
      kind: "series";
      measures: ResolvedMeasure[];
      filter?: Filter;
      intervalMs?: number;
      anomalies: boolean;
      forecast: boolean;
    }
  | { kind: "breakdown"; measure: ResolvedMeasure; by: Breakdown; limit: number; filter?: Filter }
  | { kind: "number"; measure: ResolvedMeasure; filter?: Filter }
  | { kind: "heatmap"; measure: ResolvedMeasure; filter?: Filter }
  | { kind: "kpis" }
  | { kind: "kpi_number"; kpi: KpiName }
  | { kind: "correlation"; x: string; y: string; filter?: Filter };

/** Default top N of a breakdown. */
export const DEFAULT_LIMIT = 25;
/** Breakdowns of cost: what the price book's usage groups by. */
export const COST_BREAKDOWNS: readonly Breakdown[] = ["model", "membrane_type", "user_id"];

const invalid = (field: string, message: string) => new ValidationError("Invalid widget", [{ field, message }]);
const isKpi = (m: string | undefined): m is KpiName => KPI_NAMES.includes(m as KpiName);

/** The widget's measures: `measures`, `measure`, the first version's `metric`, or a count. */
function measuresOf(c: WidgetConfiguration, where: string): { measures: ResolvedMeasure[]; filter?: Filter } {
  if (c.measures !== undefined) {
    if (c.measure !== undefined) throw invalid(`${where}.measure`, "give measure or measures, not both");
    return { measures: c.measures.map((m, i) => resolveMeasure(m, `${where}.measures.${i}`)) };
  }
  if (c.measure !== undefined) return { measures: [resolveMeasure(c.measure, `${where}.measure`)] };
  if (c.metric !== undefined && !isKpi(c.metric)) {
    const legacy = legacyMeasure(c.metric);
    return { measures: [resolveMeasure(legacy.measure, `${where}.metric`)], filter: legacy.filter };
  }
  return { measures: [resolveMeasure({ fn: "count" }, `${where}.measure`)] };
}

function single(measures: ResolvedMeasure[], where: string): ResolvedMeasure {
  if (measures.length > 1) throw invalid(`${where}.measures`, "only a series shows several measures");
  return measures[0] as ResolvedMeasure;
}

/**
 * Checks a widget and says what it computes; every error names its field under `where`
 * (`widgets.2.configuration`). The chart decides the kind: a number, a heatmap, a breakdown
 * (with a breakdown field), else a series; kpis and correlation widgets by their data source.
 */
export function planWidget(w: WidgetDef, where: string): WidgetPlan {
  const c = w.configuration;
  if (c.filter !== undefined) checkFilterFields(c.filter, `${where}.filter`);
  if (w.data_source === "kpis") {
    if (c.chart === "number" && isKpi(c.metric)) return { kind: "kpi_number", kpi: c.metric };
    return { kind: "kpis" };
  }
  if (w.data_source === "correlation") {
    if (c.metric1 === undefined) throw invalid(`${where}.metric1`, "is required for a correlation");
    if (c.metric2 === undefined) throw invalid(`${where}.metric2`, "is required for a correlation");
    return { kind: "correlation", x: c.metric1, y: c.metric2, filter: c.filter };
  }
  const { measures: own, filter: implied } = measuresOf(c, where);
  const filter = implied && c.filter ? allOf(implied, c.filter) : (implied ?? c.filter);
  const measures = own.map((m) => countingUnit(m, filter));
  const by = c.breakdown ?? c.field;
  if (c.chart === "heatmap" || w.data_source === "heatmap") {
    const m = single(measures, where);
    if (!(m.value.fn === "count" || (m.value.fn === "sum" && !m.priced))) {
      throw invalid(`${where}.measure.fn`, "a heatmap adds hours up: count or sum (not cost)");
    }
    return { kind: "heatmap", measure: m, filter };
  }
  if (c.chart === "number") return { kind: "number", measure: single(measures, where), filter };
  if (by !== undefined || w.data_source === "distribution") {
    if (by === undefined) throw invalid(`${where}.breakdown`, "is required for a distribution");
    const m = single(measures, where);
    if (by === "session_size" && m.value.fn !== "count") {
      throw invalid(`${where}.measure.fn`, "session_size counts sessions: count only");
    }
    if (m.priced && !COST_BREAKDOWNS.includes(by)) {
      throw invalid(`${where}.breakdown`, `cost breaks down by ${COST_BREAKDOWNS.join(", ")}`);
    }
    return { kind: "breakdown", measure: m, by, limit: c.limit ?? DEFAULT_LIMIT, filter };
  }
  const intervalMs = c.interval === undefined ? undefined : parseInterval(c.interval, `${where}.interval`);
  if (measures.some((m) => m.priced) && intervalMs !== undefined && intervalMs !== 86_400_000) {
    throw invalid(`${where}.interval`, "a cost series is per day (1d): the price book prices days");
  }
  return {
    kind: "series",
    measures,
    filter,
    intervalMs,
    anomalies: c.anomalies === true,
    forecast: c.forecast === true,
  };
}
