import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ValidationError } from "../../src/errors.js";
import { Insights } from "../../src/insights/insights.js";
import { METRIC_NAMES } from "../../src/insights/series.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { ev } from "../parity/store-contract.js";

const H = 3_600_000;
const T = Date.parse("2026-03-07T00:00:00Z");
const api = (id: string, ts: number, status: number, ms: number, user?: string) =>
  ev(id, "api_request", ts, {
    user: user ?? null,
    data: { endpoint: "/x", method: "GET", status_code: status, response_time: ms },
  });
const run = (id: string, ts: number, data: Record<string, unknown>, user?: string) =>
  ev(id, "cognitive_process", ts, {
    user: user ?? null,
    data: { membrane_type: "memory", processing_time: 100, input_tokens: 0, output_tokens: 0, success: true, ...data },
  });

describe("the metric series catalogue, on DuckDB", () => {
  let store: DuckDbStore;
  let insights: Insights;
  const span = { from: T, to: T + 3 * H, timeZone: "UTC" };

  before(async () => {
    store = await DuckDbStore.open(":memory:");
    await store.migrate();
    // Hour 0: 3 requests (one 500, one 404), an error event, 2 runs (tokens 10+5 and 20+0, costs 0.5 and none), users a, b.
    // Hour 1: nothing. Hour 2: one request (200 in 40 ms), one run of 300 ms, user a.
    await store.insertEvents(
      [
        api("r1", T + 1000, 200, 100, "a"),
        api("r2", T + 2000, 500, 300, "a"),
        api("r3", T + 3000, 404, 200, "b"),
        ev("e1", "error", T + 4000, { data: { error_type: "X", error_message: "boom" } }),
        run("c1", T + 5000, { input_tokens: 10, output_tokens: 5, cost: 0.5, processing_time: 200 }, "b"),
        run("c2", T + 6000, { input_tokens: 20, output_tokens: 0, processing_time: 400 }),
        api("r4", T + 2 * H + 1000, 200, 40, "a"),
        run("c3", T + 2 * H + 2000, { processing_time: 300 }),
      ],
      "n",
      { segment: 1, offset: 1 },
    );
    insights = new Insights(store, { anomalyThreshold: 2, anomalyBaselineHours: 168 });
  });
  after(() => store.close());

  const values = async (metric: string) => (await insights.series(metric, span, "hour")).points.map((p) => p.value);

  test("counts and sums fill an empty hour with 0", async () => {
    assert.deepEqual(await values("events"), [6, 0, 2]);
    assert.deepEqual(await values("tokens"), [35, 0, 0]);
    assert.deepEqual(await values("cost"), [0.5, 0, 0]);
    assert.deepEqual(await values("active_users"), [2, 0, 1]);
  });

  test("means and rates leave an empty hour as a gap", async () => {
    assert.deepEqual(await values("response_time"), [200, null, 40]);
    assert.deepEqual(await values("cognitive_latency"), [300, null, 300]);
    // (1 error event + 1 response 5xx) / (3 requests + 1 error event) = 50 %; the 404 is no server error.
    assert.deepEqual(await values("error_rate"), [50, null, 0]);
  });

  test("the answer names its unit and bucket; every hour of the span is present, oldest first", async () => {
    const s = await insights.series("error_rate", span, "hour");
    assert.deepEqual(
      { metric: s.metric, unit: s.unit, bucket: s.bucket, bucket_ms: s.bucket_ms, t: s.points.map((p) => p.t) },
      { metric: "error_rate", unit: "%", bucket: "hour", bucket_ms: H, t: [T, T + H, T + 2 * H] },
    );
  });

  test("daily buckets in a time zone: New York's 6 and 7 March hold the hours of 7 March UTC", async () => {
    const s = await insights.series("events", { from: T - 6 * H, to: T + 24 * H, timeZone: "America/New_York" }, "day");
    // Midnight in New York is 05:00 UTC: events before 05:00 on the 7th belong to the 6th there.
    assert.deepEqual(
      s.points.map((p) => [new Date(p.t).toISOString(), p.value]),
      [
        ["2026-03-06T05:00:00.000Z", 8],
        ["2026-03-07T05:00:00.000Z", 0],
      ],
    );
  });

  test("the catalogue's metrics, and an unknown one as a 400 naming metric", async () => {
    assert.deepEqual(METRIC_NAMES, [
      "events",
      "active_users",
      "response_time",
      "error_rate",
      "cognitive_latency",
      "tokens",
      "cost",
    ]);
    await assert.rejects(
      insights.series("nope", span, "hour"),
      (e: unknown) => e instanceof ValidationError && e.details?.[0]?.field === "metric",
    );
  });

  test("trend over too few whole hours says so", async () => {
    const t = await insights.trend("events", span);
    assert.deepEqual([t.status, t.data_points], ["insufficient_data", 3]);
  });
});
