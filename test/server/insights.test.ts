import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { BatchEvent } from "../../src/service.js";
import { type TestApp, testApp } from "../helpers/test-app.js";

const API = "/api/analytics";
const H = 3_600_000;

/** Events in the hour k hours before the current one: 10 + a wobble (0–4), 10 more from 09:00 to 17:59 UTC. */
function usual(hourStart: number, k: number): number {
  const hour = new Date(hourStart).getUTCHours();
  return 10 + ((k * 7) % 5) + (hour >= 9 && hour < 18 ? 10 : 0);
}

describe("forecast and anomalies over HTTP", () => {
  let t: TestApp;
  const now = Date.now();
  const currentHour = Math.floor(now / H) * H;
  const hourAgo = (k: number) => currentHour - k * H;
  const SPIKE = 5;
  const DROP = 8;

  before(async () => {
    t = await testApp();
    const events: BatchEvent[] = [];
    for (let k = 1; k <= 240; k++) {
      const start = hourAgo(k);
      const n = k === SPIKE ? 80 : k === DROP ? 0 : usual(start, k);
      for (let j = 0; j < n; j++) {
        events.push({ eventType: "user_action", action: "view", timestamp: start + Math.floor((j * H) / n) });
      }
    }
    const r = await t.service.trackBatch(events);
    assert.equal(r.accepted.length, events.length);
    await t.service.pipeline.drain();
  });
  after(() => t.close());

  const get = (query: string, key?: string | null) =>
    t.call({ method: "GET", url: `${API}/${query}`, ...(key === undefined ? {} : { key }) });

  test("anomalies?hours=24: the injected spike and drop of events, nothing else", async () => {
    const res = await get("anomalies?hours=24");
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual(
      body.anomalies.map((a: { timestamp: string; metric_name: string; direction: string; actual_value: number }) => [
        a.timestamp,
        a.metric_name,
        a.direction,
        a.actual_value,
      ]),
      [
        [new Date(hourAgo(SPIKE)).toISOString(), "events", "spike", 80],
        [new Date(hourAgo(DROP)).toISOString(), "events", "drop", 0],
      ],
    );
    assert.equal(body.anomalies[0].baseline, "seasonal");
    // That hour on the 7 days before: wobbles (7k mod 5, k = 29, 53, …, 173) 3 1 4 2 0 3 1, median 2.
    assert.equal(body.anomalies[0].expected_value, usual(hourAgo(SPIKE), SPIKE) - ((SPIKE * 7) % 5) + 2);
    assert.equal(body.threshold, 2);
    assert.equal(body.baseline_hours, 168);
    assert.equal(body.summary.total_anomalies, 2);
    assert.deepEqual(body.summary.metrics_affected, { events: 2 });
    assert.equal(body.summary.most_affected_metric, "events");
    // 23 whole hours in the last 24; means without requests or runs have no points to judge.
    assert.deepEqual(body.metrics.events, { points_checked: 23, points_without_baseline: 0 });
    assert.deepEqual(body.metrics.response_time, { points_checked: 0, points_without_baseline: 0 });
    assert.equal(body.previous, undefined);
  });

  test("compare=previous adds the 24 hours before, which were normal", async () => {
    const body = (await get("anomalies?hours=24&compare=previous")).json();
    assert.equal(body.summary.total_anomalies, 2);
    assert.equal(body.previous.summary.total_anomalies, 0);
    assert.equal(body.previous.period.to, body.period.from);
  });

  test("forecast of events 24h ahead from 9 days: Holt-Winters, the usual hours inside the 95 % band", async () => {
    const res = await get("forecast?metric=events&horizon=24h&hours=216");
    assert.equal(res.statusCode, 200);
    const f = res.json();
    assert.equal(f.status, "ok");
    assert.equal(f.method, "holt_winters_additive");
    assert.equal(f.level, 0.95);
    assert.equal(f.history.points, 215);
    assert.equal(f.forecast.length, 24);
    assert.equal(f.forecast[0].timestamp, new Date(currentHour).toISOString());
    for (const [i, p] of f.forecast.entries()) {
      const k = -i;
      const truth = usual(currentHour + i * H, k < 0 ? k + 240 : k);
      assert.ok(p.lower <= truth && truth <= p.upper, `${p.timestamp}: ${truth} outside [${p.lower}, ${p.upper}]`);
    }
  });

  test("a metric without data: insufficient_data, no points", async () => {
    const f = (await get("forecast?metric=cost&horizon=7d&hours=48")).json();
    assert.equal(f.status, "insufficient_data");
    assert.deepEqual(f.forecast, []);
    assert.equal(f.bucket, "day");
  });

  test("400s name the field: metric, horizon, hours, compare, tz", async () => {
    const field = async (q: string) => {
      const res = await get(q);
      assert.equal(res.statusCode, 400, q);
      return res.json().details[0].field;
    };
    assert.equal(await field("forecast?horizon=24h"), "metric");
    assert.equal(await field("forecast?metric=nope&horizon=24h"), "metric");
    assert.equal(await field("forecast?metric=events"), "horizon");
    assert.equal(await field("forecast?metric=events&horizon=49h"), "horizon");
    assert.equal(await field("forecast?metric=events&horizon=8d"), "horizon");
    assert.equal(await field("forecast?metric=events&horizon=24h&compare=previous"), "compare");
    assert.equal(await field("anomalies?hours=0"), "hours");
    assert.equal(await field("anomalies?hours=5&from=2026-01-01T00:00:00Z"), "hours");
    assert.equal(await field("anomalies?tz=Mars/Olympus"), "tz");
  });

  test("401 without a key, 403 with an ingest-only key, 200 with a read key", async () => {
    assert.equal((await get("anomalies", null)).statusCode, 401);
    const key = async (scopes: string[]) =>
      (await t.call({ method: "POST", url: `${API}/keys`, payload: { name: "k", scopes } })).json().key;
    assert.equal((await get("forecast?metric=events&horizon=1h", await key(["ingest"]))).statusCode, 403);
    assert.equal((await get("forecast?metric=events&horizon=1h", await key(["read"]))).statusCode, 200);
  });

  test("the library: getAnomalies and getForecast answer the same; a bad period is a ValidationError naming hours", async () => {
    const lib = await t.service.getAnomalies({ hours: 24 });
    assert.equal(lib.summary.total_anomalies, 2);
    const f = await t.service.getForecast({ metric: "events", horizon: "3h", hours: 216 });
    assert.equal(f.forecast.length, 3);
    await assert.rejects(t.service.getAnomalies({ hours: -1 }), (e: Error & { details?: Array<{ field: string }> }) => {
      return e.name === "ValidationError" && e.details?.[0]?.field === "hours";
    });
  });
});
