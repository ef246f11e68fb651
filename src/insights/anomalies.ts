import { iqrFences, outsideFences } from "../stats/iqr.js";
import { medianAbsoluteDeviation, modifiedZScore } from "../stats/mad.js";
import { mean } from "../stats/mean.js";
import { seasonalProfile } from "../stats/seasonal-profile.js";
import { sampleStdDev } from "../stats/std-dev.js";
import { zScore } from "../stats/z-score.js";
import { hourOfDay } from "./buckets.js";
import type { Point } from "./metric.js";

/** A baseline needs at least this many known points (the first version's rule). */
export const ANOMALY_MIN_POINTS = 10;
/** Tukey's fence multiplier. */
export const IQR_MULTIPLIER = 1.5;
/** The hour of the day explains at least this share of the baseline's variance: judge against the same hour. */
export const SEASONAL_MIN_EXPLAINED = 0.5;

export type Severity = "low" | "medium" | "high" | "critical";

/** Severity by score (robust standard deviations from the expected value): below 3.5 low, 5 medium, 10 high, else critical. */
export function severityOf(score: number): Severity {
  if (score < 3.5) return "low";
  if (score < 5) return "medium";
  return score < 10 ? "high" : "critical";
}

export interface Anomaly {
  timestamp: string;
  metric_name: string;
  actual_value: number;
  expected_value: number;
  /** |actual − expected|. */
  deviation: number;
  direction: "spike" | "drop";
  /** Standard deviations from the baseline's mean. */
  z_score: number;
  /** Robust score: 0.6745·|x − median| / MAD (|z| when the MAD is 0); severity follows it. */
  score: number;
  severity: Severity;
  description: string;
  /** `seasonal`: against the same hour of earlier days; `recent`: against every earlier point of the window. */
  baseline: "seasonal" | "recent";
  baseline_points: number;
}

export interface AnomalyOptions {
  /** |z| must exceed it (the first version's anomaly_threshold, default 2.0). */
  threshold: number;
  /** Points before the judged one that form its baseline. */
  windowPoints: number;
  /** Time zone whose clock defines the hour of the day (hourly series only). */
  timeZone: string;
  /** Hourly series may have a daily pattern; others are judged against the recent baseline only. */
  hourly: boolean;
}

export interface Judgement {
  anomalous: boolean;
  expected: number;
  z: number;
  score: number;
  baseline: "seasonal" | "recent";
  points: number;
}

/**
 * Judges `value` against baseline samples `{slot, value}` (slot: hour of the day, or 0). A point is
 * anomalous when both rules agree: |z| > threshold, and outside the IQR fences. With a daily pattern
 * (the hour explains ≥ 50 % of the variance, every hour seen twice) both rules read deviations from
 * each hour's median, so a normal evening peak is no spike.
 */
export function judge(
  value: number,
  slot: number,
  samples: ReadonlyArray<{ slot: number; value: number }>,
  threshold: number,
  seasonal: boolean,
): Judgement {
  const profile = seasonal ? seasonalProfile(samples, 24) : null;
  const centre = profile && profile.explained >= SEASONAL_MIN_EXPLAINED ? profile.centre : null;
  const own = centre?.[slot] ?? null;
  // Deviations from each hour's median; samples of an hour seen only once have none.
  const deseasoned =
    centre && own !== null
      ? samples.flatMap((s) => {
          const c = centre[s.slot] ?? null;
          return c === null ? [] : [s.value - c];
        })
      : [];
  const useSeasonal = deseasoned.length >= ANOMALY_MIN_POINTS;
  const base = useSeasonal ? deseasoned : samples.map((s) => s.value);
  const offset = useSeasonal ? (own as number) : 0;
  const x = value - offset;
  const z = zScore(x, mean(base), sampleStdDev(base));
  const { median, mad } = medianAbsoluteDeviation(base);
  const anomalous = Math.abs(z) > threshold && outsideFences(x, iqrFences(base, IQR_MULTIPLIER));
  return {
    anomalous,
    expected: offset + median,
    z,
    score: mad > 0 ? Math.abs(modifiedZScore(x, median, mad)) : Math.abs(z),
    baseline: useSeasonal ? "seasonal" : "recent",
    points: base.length,
  };
}

function describe(metric: string, actual: number, expected: number): string {
  const dir = actual > expected ? "above" : "below";
  if (expected === 0) return `${metric} is ${actual} against an expected 0`;
  return `${metric} is ${((Math.abs(actual - expected) / Math.abs(expected)) * 100).toFixed(1)}% ${dir} expected value`;
}

export interface MetricAnomalies {
  metric: string;
  anomalies: Anomaly[];
  /** Points judged, and points skipped for want of a baseline (fewer than 10 known points before them). */
  points_checked: number;
  points_without_baseline: number;
}

/** Judges every known point from `checkFrom` on against the `windowPoints` points before it. */
export function findAnomalies(
  metric: string,
  points: readonly Point[],
  checkFrom: number,
  o: AnomalyOptions,
): MetricAnomalies {
  // Each point's slot once (a time-zone lookup), not once per window it falls in.
  const slots = points.map((p) => (o.hourly ? hourOfDay(p.t, o.timeZone) : 0));
  const out: MetricAnomalies = { metric, anomalies: [], points_checked: 0, points_without_baseline: 0 };
  points.forEach((p, i) => {
    if (p.t < checkFrom || p.value === null) return;
    const first = Math.max(0, i - o.windowPoints);
    const samples = points
      .slice(first, i)
      .flatMap((h, k) => (h.value === null ? [] : [{ slot: slots[first + k] as number, value: h.value }]));
    if (samples.length < ANOMALY_MIN_POINTS) {
      out.points_without_baseline += 1;
      return;
    }
    out.points_checked += 1;
    const j = judge(p.value, slots[i] as number, samples, o.threshold, o.hourly);
    if (!j.anomalous) return;
    out.anomalies.push({
      timestamp: new Date(p.t).toISOString(),
      metric_name: metric,
      actual_value: p.value,
      expected_value: j.expected,
      deviation: Math.abs(p.value - j.expected),
      direction: p.value > j.expected ? "spike" : "drop",
      z_score: j.z,
      score: j.score,
      severity: severityOf(j.score),
      description: describe(metric, p.value, j.expected),
      baseline: j.baseline,
      baseline_points: j.points,
    });
  });
  return out;
}
