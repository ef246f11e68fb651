import { type Anomaly, findAnomalies } from "../insights/anomalies.js";
import type { Point } from "../insights/metric.js";
import { type AlertRule, SEVERITIES } from "./rule.js";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

/** What a rule's condition says at one moment: it holds, it does not, or there was no data to judge. */
export type Verdict = "breach" | "clear" | "missing";

export interface Step {
  /** When the verdict is known: the end of the bucket judged. */
  t: number;
  verdict: Verdict;
  /** The value judged (the newest known value of the window; the hour's value for anomaly rules). */
  value: number | null;
}

/** The width of the buckets a rule judges: minutes for thresholds, hours for anomalies. */
export function stepMs(rule: Pick<AlertRule, "kind">): number {
  return rule.kind === "threshold" ? MINUTE_MS : HOUR_MS;
}

/**
 * A threshold rule's verdict at the end of each minute, over the `for_minutes` minutes up to it:
 * breach when every known value of the window is beyond the threshold, missing when none is known
 * (a rate or mean of no events; counts read 0, which is data). `points` are consecutive minutes.
 */
export function thresholdSteps(rule: AlertRule, points: readonly Point[]): Step[] {
  const n = rule.for_minutes;
  const beyond = (v: number) =>
    rule.operator === "above" ? v > (rule.threshold as number) : v < (rule.threshold as number);
  const out: Step[] = [];
  for (let i = n - 1; i < points.length; i++) {
    const known = points.slice(i - n + 1, i + 1).flatMap((p) => (p.value === null ? [] : [p.value]));
    const t = (points[i] as Point).t + MINUTE_MS;
    if (!known.length) out.push({ t, verdict: "missing", value: null });
    else out.push({ t, verdict: known.every(beyond) ? "breach" : "clear", value: known[known.length - 1] as number });
  }
  return out;
}

export interface AnomalySettings {
  anomalyThreshold: number;
  anomalyBaselineHours: number;
}

/**
 * An anomaly rule's verdict at the end of each hour from `checkFrom` on: breach when the hour is an
 * anomaly of at least the rule's severity against the baseline before it (src/insights/anomalies.ts),
 * missing when the hour has no value. `points` are consecutive hours, the baseline window included.
 */
export function anomalySteps(
  rule: AlertRule,
  points: readonly Point[],
  checkFrom: number,
  settings: AnomalySettings,
): Step[] {
  const found = findAnomalies(rule.metric, points, checkFrom, {
    threshold: settings.anomalyThreshold,
    windowPoints: settings.anomalyBaselineHours,
    timeZone: "UTC",
    hourly: true,
  });
  const least = SEVERITIES.indexOf(rule.min_severity);
  const severe = new Set(
    found.anomalies.filter((a: Anomaly) => SEVERITIES.indexOf(a.severity) >= least).map((a) => Date.parse(a.timestamp)),
  );
  return points
    .filter((p) => p.t >= checkFrom)
    .map((p) => ({
      t: p.t + HOUR_MS,
      verdict: p.value === null ? "missing" : severe.has(p.t) ? "breach" : "clear",
      value: p.value,
    }));
}
