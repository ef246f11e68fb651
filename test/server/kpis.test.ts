import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestApp, testApp } from "../helpers/test-app.js";

const API = "/api/analytics";
const MIN = 60_000;
const T0 = Date.UTC(2026, 9, 2, 9, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const PERIOD = `from=${iso(T0)}&to=${iso(T0 + 60 * MIN)}`;

/**
 * One session over 10 minutes: 3 actions, requests of 100 ms (200) and 300 ms (500), an error
 * event, two AI runs (one fails; 1 s and 3 s; 100 and 200 output tokens); a system metric outside it.
 */
function events() {
  const inSession = (id: string, type: string, minute: number, more: object) => ({
    event_type: type,
    event_id: id,
    session_id: "s1",
    user_id: "u1",
    timestamp: T0 + minute * MIN,
    ...more,
  });
  const run = (ok: boolean, ms: number, out: number) => ({
    membrane_type: "reasoning",
    processing_time: ms,
    input_tokens: 10,
    output_tokens: out,
    success: ok,
  });
  return [
    inSession("start", "session_start", 0, {}),
    inSession("a1", "user_action", 1, { action: "view" }),
    inSession("a2", "user_action", 2, { action: "view" }),
    inSession("a3", "user_action", 3, { action: "click" }),
    inSession("r1", "api_request", 4, { endpoint: "/x", method: "GET", status_code: 200, response_time: 100 }),
    inSession("r2", "api_request", 5, { endpoint: "/x", method: "GET", status_code: 500, response_time: 300 }),
    inSession("e1", "error", 6, { error_type: "E", error_message: "boom" }),
    inSession("c1", "cognitive_process", 7, run(true, 1000, 100)),
    inSession("c2", "cognitive_process", 10, run(false, 3000, 200)),
    {
      event_type: "system_metric",
      event_id: "m1",
      timestamp: T0 + 20 * MIN,
      cpu_usage: 50,
      memory_usage: 70,
      disk_usage: 30,
    },
  ];
}

describe("GET /kpis", () => {
  let t: TestApp;
  const get = (query: string, key?: string | null) => t.call({ method: "GET", url: `${API}/kpis?${query}`, key });

  before(async () => {
    t = await testApp({ retentionDays: 3650 });
    const res = await t.call({ method: "POST", url: `${API}/track/batch`, payload: { events: events() } });
    assert.equal(res.statusCode, 201, res.body);
    await t.service.pipeline.drain();
  });
  after(() => t.close());

  test("each KPI's components: value, default target, score and weight", async () => {
    const res = await get(PERIOD);
    assert.equal(res.statusCode, 200, res.body);
    const k = res.json();
    const parts = (x: { components: Array<{ name: string; value: number; target: number; score: number }> }) =>
      x.components.map((c) => [c.name, Number(c.value.toFixed(6)), c.target, Number(c.score.toFixed(6))]);
    assert.deepEqual(parts(k.user_engagement), [
      ["events_per_session", 8, 10, 44.444444], // 100 · 8 / 18
      ["session_duration_minutes", 10, 5, 66.666667],
      ["cognitive_per_session", 2, 2, 50],
    ]);
    assert.deepEqual(parts(k.system_health), [
      ["error_rate", 0.666667, 0.01, 0], // (1 5xx + 1 error event) / (2 requests + 1 error event)
      ["response_time_p95_ms", 290, 500, 85.5],
      ["resource_use_percent", 50, 70, 82.142857],
    ]);
    assert.deepEqual(parts(k.cognitive_performance), [
      ["success_rate", 0.5, 1, 50],
      ["processing_time_p50_ms", 2000, 2000, 75],
      ["tokens_per_second", 75, 20, 78.947368], // 300 tokens over 4 s
    ]);
    assert.equal(k.previous, null);
  });

  test("weights and targets from the query; compare=previous over an empty hour", async () => {
    const k = (await get(`${PERIOD}&weight_health=0&target_error_rate=0.5&compare=previous`)).json();
    assert.equal(k.system_health.weight, 0);
    assert.equal(Number(k.system_health.components[0].score.toFixed(6)), 66.666667); // 75·(2 − 2/3)/1.5
    assert.equal(k.overall, (k.user_engagement.score + k.cognitive_performance.score) / 2);
    assert.deepEqual(k.previous, {
      period: { from: iso(T0 - 60 * MIN), to: iso(T0) },
      overall: null,
      kpis: { user_engagement: null, system_health: null, cognitive_performance: null },
    });
    const lib = await t.service.getKpis({ from: T0, to: T0 + 60 * MIN, weight_health: 0, target_error_rate: 0.5 });
    assert.equal(lib.overall, k.overall);
  });

  test("400 naming the field; 401 without a key, 403 with an ingest key", async () => {
    const field = async (q: string) => {
      const res = await get(q);
      assert.equal(res.statusCode, 400, q);
      return res.json().details[0].field;
    };
    assert.equal(await field("weight_engagement=0&weight_health=0&weight_cognitive=0"), "weight_engagement");
    assert.equal(await field("weight_health=-1"), "weight_health");
    assert.equal(await field("target_response_time_ms=0"), "target_response_time_ms");
    assert.equal(await field("compare=next"), "compare");
    assert.equal((await get("", null)).statusCode, 401);
    const ingest = await t.call({ method: "POST", url: `${API}/keys`, payload: { name: "i", scopes: ["ingest"] } });
    assert.equal((await get("", ingest.json().key)).statusCode, 403);
    await assert.rejects(t.service.getKpis({ weight_cognitive: -2 }), /Invalid query/);
  });
});
