import { type Static, Type } from "@sinclair/typebox";
import { ValidationError } from "../errors.js";
import { type Period, PeriodQuery, type TimeSpan } from "../model/period.js";
import type { QueryRunner } from "../store/port/query-runner.js";
import { type KpiFigures, readKpiInputs, type SessionEngagement } from "./kpi-figures.js";
import { type Component, halfScore, shareScore, targetScore, weightedScore } from "./kpis-score.js";

const weight = (what: string) =>
  Type.Number({ minimum: 0, maximum: 1000, default: 1, description: `Weight of ${what} in the overall score` });
const positive = (description: string, dflt: number) =>
  Type.Number({ exclusiveMinimum: 0, maximum: 1e12, default: dflt, description });

/** Weights and targets of the KPIs, each with its default; the query string may set any of them. */
export const KpiTuning = Type.Object({
  weight_engagement: weight("user engagement"),
  weight_health: weight("system health"),
  weight_cognitive: weight("cognitive performance"),
  half_events_per_session: positive("Events per session that score 50", 10),
  half_session_minutes: positive("Mean session duration (minutes) that scores 50", 5),
  half_cognitive_per_session: positive("AI runs per session that score 50", 2),
  target_error_rate: positive("Error rate (5xx and error events, 0..1) that scores 75", 0.01),
  target_response_time_ms: positive("API response time p95 (ms) that scores 75", 500),
  target_resource_percent: positive("Mean CPU, memory and disk use (%) that scores 75", 70),
  target_processing_time_ms: positive("AI processing time p50 (ms) that scores 75", 2000),
  half_tokens_per_second: positive("Output tokens per second of processing that score 50", 20),
});
export type KpiTuning = Static<typeof KpiTuning>;

/** The kpis query: the shared period with the weights and targets. */
export const KpiQuery = Type.Composite([PeriodQuery, KpiTuning], { additionalProperties: false });
export type KpiQuery = Static<typeof KpiQuery>;

export interface Kpi {
  score: number | null;
  weight: number;
  components: Component[];
}

export interface KpiReport {
  period: { from: string; to: string };
  overall: number | null;
  user_engagement: Kpi;
  system_health: Kpi;
  cognitive_performance: Kpi;
  previous: {
    period: { from: string; to: string };
    overall: number | null;
    kpis: Record<string, number | null>;
  } | null;
}

const part = (name: string, value: number | null, target: number, score: (x: number) => number): Component => ({
  name,
  value,
  target,
  score: value === null ? null : score(value),
  weight: 1,
});

const kpi = (w: number, components: Component[]): Kpi => ({ score: weightedScore(components), weight: w, components });

/** The three KPIs from the period's figures: every component weighs 1 within its KPI. */
export function scoreKpis(e: SessionEngagement, f: KpiFigures, t: KpiTuning) {
  const ops = f.api_requests + f.error_events;
  const resources = [f.cpu_usage, f.memory_usage, f.disk_usage].filter((x): x is number => x !== null);
  const engagement = kpi(t.weight_engagement, [
    part("events_per_session", e.events_per_session, t.half_events_per_session, (x) =>
      halfScore(x, t.half_events_per_session),
    ),
    part(
      "session_duration_minutes",
      e.session_duration_ms === null ? null : e.session_duration_ms / 60_000,
      t.half_session_minutes,
      (x) => halfScore(x, t.half_session_minutes),
    ),
    part("cognitive_per_session", e.cognitive_per_session, t.half_cognitive_per_session, (x) =>
      halfScore(x, t.half_cognitive_per_session),
    ),
  ]);
  const health = kpi(t.weight_health, [
    part("error_rate", ops ? (f.server_errors + f.error_events) / ops : null, t.target_error_rate, (x) =>
      targetScore(x, t.target_error_rate),
    ),
    part("response_time_p95_ms", f.response_time_p95, t.target_response_time_ms, (x) =>
      targetScore(x, t.target_response_time_ms),
    ),
    part(
      "resource_use_percent",
      resources.length ? resources.reduce((a, b) => a + b, 0) / resources.length : null,
      t.target_resource_percent,
      (x) => targetScore(x, t.target_resource_percent),
    ),
  ]);
  const cognitive = kpi(t.weight_cognitive, [
    part("success_rate", f.cognitive_runs ? f.cognitive_successes / f.cognitive_runs : null, 1, shareScore),
    part("processing_time_p50_ms", f.processing_time_p50, t.target_processing_time_ms, (x) =>
      targetScore(x, t.target_processing_time_ms),
    ),
    part(
      "tokens_per_second",
      f.processing_ms ? ((f.output_tokens ?? 0) * 1000) / f.processing_ms : null,
      t.half_tokens_per_second,
      (x) => halfScore(x, t.half_tokens_per_second),
    ),
  ]);
  return {
    overall: weightedScore([engagement, health, cognitive]),
    user_engagement: engagement,
    system_health: health,
    cognitive_performance: cognitive,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** KPIs over any period, from the store's events. */
export class Kpis {
  constructor(private readonly runner: QueryRunner) {}

  async report(period: Period, tuning: KpiTuning): Promise<KpiReport> {
    if (tuning.weight_engagement + tuning.weight_health + tuning.weight_cognitive <= 0) {
      throw new ValidationError("Invalid KPI weights", [
        { field: "weight_engagement", message: "the three weights must sum to more than 0" },
      ]);
    }
    const now = await this.scores(period, tuning);
    let previous: KpiReport["previous"] = null;
    if (period.previous) {
      const before = await this.scores(period.previous, tuning);
      previous = {
        period: { from: iso(period.previous.from), to: iso(period.previous.to) },
        overall: before.overall,
        kpis: {
          user_engagement: before.user_engagement.score,
          system_health: before.system_health.score,
          cognitive_performance: before.cognitive_performance.score,
        },
      };
    }
    return { period: { from: iso(period.from), to: iso(period.to) }, ...now, previous };
  }

  private async scores(span: TimeSpan, tuning: KpiTuning) {
    const { engagement, figures } = await readKpiInputs(this.runner, span);
    return scoreKpis(engagement, figures, tuning);
  }
}
