import type { KpiReport } from "../insights/kpis.js";
import type { TrendFigure } from "./executive.js";
import type { SpanFigures } from "./span-figures.js";

/** A rule that fired, with the figure that fired it and the threshold it crossed. */
export interface Recommendation {
  rule: string;
  message: string;
  metric: string;
  value: number;
  threshold: number;
}

/** The thresholds of the rules (the first version's four, and the ones it lacked). */
export const THRESHOLDS = {
  error_rate: 5,
  availability: 99.9,
  cognitive_success_rate: 90,
  user_engagement: 50,
  system_health: 80,
  cost_increase_percent: 50,
} as const;

interface Inputs {
  figures: SpanFigures;
  kpis: KpiReport;
  trends: Record<string, TrendFigure>;
  aiCost: { current: number | null; previous: number | null };
}

type Rule = (i: Inputs) => Recommendation | null;

const fmt = (x: number) => String(Number(x.toFixed(2)));

/** A rule on one key metric: fires when it is past the threshold (above or below, as `past` says). */
function keyMetric(
  rule: string,
  name: "error_rate" | "availability" | "cognitive_success_rate",
  past: "above" | "below",
  message: (value: string, threshold: number) => string,
): Rule {
  return ({ figures }) => {
    const value = figures[name];
    const threshold = THRESHOLDS[name];
    const fires = value !== null && (past === "above" ? value > threshold : value < threshold);
    return fires
      ? { rule, message: message(fmt(value), threshold), metric: `key_metrics.${name}`, value, threshold }
      : null;
  };
}

/** Each rule reads one figure; a figure that is missing (no data) fires nothing. */
const RULES: Rule[] = [
  keyMetric(
    "high_error_rate",
    "error_rate",
    "above",
    (v, t) =>
      `High error rate: ${v}% of operations failed (above ${t}%). Review the error logs and the failing endpoints in the technical report.`,
  ),
  keyMetric(
    "low_availability",
    "availability",
    "below",
    (v, t) =>
      `Availability is ${v}% of API requests answered without a 5xx (below ${t}%). Look at the endpoints answering 5xx.`,
  ),
  keyMetric(
    "low_cognitive_success",
    "cognitive_success_rate",
    "below",
    (v, t) =>
      `Only ${v}% of AI runs succeeded (below ${t}%). Review the cognitive processing pipeline by membrane and model.`,
  ),
  ({ kpis }) => kpiRule(kpis, "user_engagement", "User engagement is low. Consider improving the user experience."),
  ({ kpis }) => kpiRule(kpis, "system_health", "System health is below target. Review its components in the KPIs."),
  ({ trends }) => {
    const t = trends.error_rate;
    return t?.direction === "increasing" && t.slope_per_day !== null
      ? {
          rule: "rising_error_rate",
          message: `The error rate is rising by ${fmt(t.slope_per_day)} points per day over the period. Find what changed.`,
          metric: "trends.error_rate.slope_per_day",
          value: t.slope_per_day,
          threshold: 0,
        }
      : null;
  },
  ({ aiCost: c }) => {
    if (c.current === null || c.previous === null || c.previous <= 0) return null;
    const change = ((c.current - c.previous) / c.previous) * 100;
    return change > THRESHOLDS.cost_increase_percent
      ? {
          rule: "ai_cost_increase",
          message: `AI cost rose ${fmt(change)}% against the previous period (above ${THRESHOLDS.cost_increase_percent}%). See the cost change by model.`,
          metric: "trends.ai_cost.change_percent",
          value: change,
          threshold: THRESHOLDS.cost_increase_percent,
        }
      : null;
  },
];

function kpiRule(kpis: KpiReport, name: "user_engagement" | "system_health", advice: string): Recommendation | null {
  const score = kpis[name].score;
  const threshold = THRESHOLDS[name];
  return score !== null && score < threshold
    ? {
        rule: `low_${name}`,
        message: `${advice} Its score is ${fmt(score)} of 100 (below ${threshold}).`,
        metric: `kpis.${name}.score`,
        value: score,
        threshold,
      }
    : null;
}

/** The rules that fire, in order; none when the period holds no data. */
export function recommend(inputs: Inputs): Recommendation[] {
  return RULES.map((r) => r(inputs)).filter((r): r is Recommendation => r !== null);
}
