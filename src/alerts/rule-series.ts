import type { Point } from "../insights/metric.js";
import { METRICS } from "../insights/series.js";
import type { TimeSpan } from "../model/period.js";
import type { Store } from "../store/port.js";
import { topValues } from "../store/queries/top-values.js";
import type { Filter } from "../store/sql/filter.js";
import type { AlertRule } from "./rule.js";
import { type AnomalySettings, anomalySteps, type Step, stepMs, thresholdSteps } from "./steps.js";

/** One series a rule judges: the whole metric (key ""), or the events of one value of its breakdown. */
export interface RuleSeries {
  key: string;
  filter?: Filter;
}

/** `field=value`: how a breakdown value names its series in the history and in notifications. */
export function seriesKey(field: string, value: string | number | boolean): string {
  return `${field}=${String(value)}`;
}

/**
 * The series of a rule over a span: the whole metric, or one per top value of the breakdown field
 * (by events over the span), plus those named in `keep` (firing ones must be judged until they resolve
 * even when their value has left the top).
 */
export async function seriesOf(
  store: Store,
  rule: AlertRule,
  span: TimeSpan,
  keep: readonly string[] = [],
): Promise<RuleSeries[]> {
  const b = rule.breakdown;
  if (!b) return [{ key: "" }];
  const top = await store.run(topValues({ ...span, field: b.field, limit: b.top }));
  const keys = new Map<string, RuleSeries>();
  for (const { value } of top) {
    keys.set(seriesKey(b.field, value), {
      key: seriesKey(b.field, value),
      filter: { field: b.field, op: "eq", value },
    });
  }
  const prefix = `${b.field}=`;
  for (const k of keep) {
    if (!keys.has(k) && k.startsWith(prefix)) {
      keys.set(k, { key: k, filter: { field: b.field, op: "eq", value: k.slice(prefix.length) } });
    }
  }
  return [...keys.values()];
}

/**
 * The rule's verdicts on one series for each whole bucket ending in (span.from, span.to]: with
 * `from = to − bucket` the newest one only (live evaluation), over days a past to replay (dry run).
 */
export async function stepsOf(
  store: Store,
  rule: AlertRule,
  series: RuleSeries,
  span: TimeSpan,
  settings: AnomalySettings,
): Promise<Step[]> {
  const width = stepMs(rule);
  const end = Math.floor(span.to / width) * width;
  const first = Math.floor(span.from / width) * width;
  const history = rule.kind === "threshold" ? rule.for_minutes - 1 : settings.anomalyBaselineHours;
  const points = await read(store, rule, series, { from: first - history * width, to: end }, width);
  return rule.kind === "threshold" ? thresholdSteps(rule, points) : anomalySteps(rule, points, first, settings);
}

/** Every bucket of the span, consecutive: an empty one reads as the catalogue says (0 for counts, null for rates). */
async function read(store: Store, rule: AlertRule, s: RuleSeries, span: TimeSpan, width: number): Promise<Point[]> {
  const def = METRICS[rule.metric];
  const found = new Map((await def.fetch(store, span, { widthMs: width }, s.filter)).map((p) => [p.t, p.value]));
  const out: Point[] = [];
  for (let t = span.from; t < span.to; t += width) out.push({ t, value: found.get(t) ?? def.empty });
  return out;
}
