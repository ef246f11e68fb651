import assert from "node:assert/strict";
import { test } from "node:test";
import { type KpiTuning, scoreKpis } from "../../src/insights/kpis.js";
import { halfScore, targetScore, weightedScore } from "../../src/insights/kpis-score.js";

const round = (x: number | null) => (x === null ? null : Number(x.toFixed(9)));

test("scores: half-score curve, target piecewise-linear map, weighted mean of what has a score", () => {
  assert.deepEqual(
    [0, 5, 10, 30].map((x) => halfScore(x, 10)),
    [0, 100 / 3, 50, 75],
  );
  // 100 at 0, 75 at the target, 0 at four times it, linear between.
  assert.deepEqual(
    [0, 250, 500, 1250, 2000, 9000].map((x) => targetScore(x, 500)),
    [100, 87.5, 75, 37.5, 0, 0],
  );
  assert.equal(
    weightedScore([
      { score: 50, weight: 1 },
      { score: null, weight: 5 },
      { score: 80, weight: 2 },
    ]),
    70,
  );
  assert.equal(weightedScore([{ score: null, weight: 1 }]), null);
});

const TUNING: KpiTuning = {
  weight_engagement: 1,
  weight_health: 2,
  weight_cognitive: 1,
  half_events_per_session: 10,
  half_session_minutes: 5,
  half_cognitive_per_session: 2,
  target_error_rate: 0.02,
  target_response_time_ms: 500,
  target_resource_percent: 80,
  target_processing_time_ms: 2000,
  half_tokens_per_second: 20,
};

test("worked example: every component's value, target and score, each KPI and the weighted overall", () => {
  const k = scoreKpis(
    { sessions: 4, events_per_session: 10, session_duration_ms: 15 * 60_000, cognitive_per_session: 2 },
    {
      api_requests: 199,
      server_errors: 1,
      error_events: 1,
      response_time_p95: 1000,
      cpu_usage: 60,
      memory_usage: 80,
      disk_usage: 40,
      cognitive_runs: 20,
      cognitive_successes: 18,
      processing_time_p50: 1000,
      output_tokens: 3000,
      processing_ms: 100_000,
    },
    TUNING,
  );
  const c = (name: string, value: number, target: number, score: number) => ({ name, value, target, score, weight: 1 });
  assert.deepEqual(k.user_engagement.components, [
    c("events_per_session", 10, 10, 50),
    c("session_duration_minutes", 15, 5, 75), // 100 · 15 / (15 + 5)
    c("cognitive_per_session", 2, 2, 50),
  ]);
  assert.deepEqual(k.system_health.components, [
    c("error_rate", 0.01, 0.02, 87.5), // (1 5xx + 1 error event) / (199 requests + 1 error event)
    c("response_time_p95_ms", 1000, 500, 50), // 75 · (2000 − 1000) / 1500
    c("resource_use_percent", 60, 80, 81.25), // mean of 60, 80, 40; 100 − 25 · 60/80
  ]);
  assert.deepEqual(k.cognitive_performance.components, [
    c("success_rate", 0.9, 1, 90),
    c("processing_time_p50_ms", 1000, 2000, 87.5),
    c("tokens_per_second", 30, 20, 60), // 3000 tokens over 100 s; 100 · 30 / 50
  ]);
  assert.equal(round(k.user_engagement.score), round(175 / 3));
  assert.equal(round(k.system_health.score), round(218.75 / 3));
  assert.equal(round(k.cognitive_performance.score), round(237.5 / 3));
  assert.equal(k.system_health.weight, 2);
  // (58.33 + 2 · 72.92 + 79.17) / 4
  assert.equal(round(k.overall), round((175 / 3 + (2 * 218.75) / 3 + 237.5 / 3) / 4));
});

test("a period without data scores null, never 0 or 100", () => {
  const k = scoreKpis(
    { sessions: 0, events_per_session: null, session_duration_ms: null, cognitive_per_session: null },
    {
      api_requests: 0,
      server_errors: 0,
      error_events: 0,
      response_time_p95: null,
      cpu_usage: null,
      memory_usage: null,
      disk_usage: null,
      cognitive_runs: 0,
      cognitive_successes: 0,
      processing_time_p50: null,
      output_tokens: null,
      processing_ms: null,
    },
    TUNING,
  );
  assert.equal(k.overall, null);
  assert.deepEqual(
    [k.user_engagement, k.system_health, k.cognitive_performance].map((x) => [
      x.score,
      x.components.map((p) => p.value),
    ]),
    [
      [null, [null, null, null]],
      [null, [null, null, null]],
      [null, [null, null, null]],
    ],
  );
});
