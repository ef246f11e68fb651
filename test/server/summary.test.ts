import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Query } from "../../src/store/query.js";
import { type TestApp, testApp } from "../helpers/test-app.js";

const API = "/api/analytics";
const MIN = 60_000;
const T0 = Date.UTC(2026, 9, 2, 9, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const PERIOD = `from=${iso(T0)}&to=${iso(T0 + 60 * MIN)}`;

const PARTS = [
  "service_info",
  "processing_stats",
  "kpis",
  "current_metrics",
  "recent_anomalies",
  "anomaly_summary",
  "forecasts",
  "trends",
  "data_warehouse_stats",
];

describe("GET /summary", () => {
  let t: TestApp;
  const get = (query: string, key?: string | null) => t.call({ method: "GET", url: `${API}/summary?${query}`, key });

  before(async () => {
    t = await testApp({ retentionDays: 3650, summaryCacheSeconds: 0 });
    const events = [
      { event_type: "user_action", action: "view", user_id: "u1", timestamp: T0 + MIN },
      { event_type: "api_request", endpoint: "/x", method: "GET", status_code: 200, response_time: 80, timestamp: T0 },
      { event_type: "system_metric", cpu_usage: 10, memory_usage: 20, disk_usage: 30, timestamp: T0 + 2 * MIN },
      { event_type: "user_action", action: "view", user_id: "u1", timestamp: T0 + 90 * MIN },
    ];
    const res = await t.call({ method: "POST", url: `${API}/track/batch`, payload: { events } });
    assert.equal(res.statusCode, 201, res.body);
    await t.service.pipeline.drain();
  });
  after(() => t.close());

  test("the first version's keys, filled from the store; the library answers the same", async () => {
    const res = await get(PERIOD);
    assert.equal(res.statusCode, 200, res.body);
    const s = res.json();
    for (const part of PARTS) assert.notEqual(s[part], null, part);
    assert.equal(s.partial, false);
    assert.equal(s.service_info.engine, "duckdb");
    assert.equal(s.service_info.node, t.service.node);
    assert.equal(s.processing_stats.events_processed, 3);
    assert.deepEqual(s.data_warehouse_stats, {
      total_events: 4,
      active_sessions: 0,
      system_metrics_count: 1,
      cognitive_metrics_count: 0,
      oldest_event: iso(T0),
      newest_event: iso(T0 + 90 * MIN),
    });
    assert.equal(s.kpis.system_health.components[1].value, 80);
    assert.equal(s.current_metrics.source, "memory"); // one node on DuckDB: this node's live windows
    assert.equal(s.current_metrics.window_minutes, 60);
    assert.deepEqual(s.recent_anomalies, []);
    assert.equal(s.trends.events.status, "insufficient_data");
    assert.equal(s.forecasts.events.horizon, "24h");
    const lib = await t.service.getAnalyticsSummary({ from: T0, to: T0 + 60 * MIN });
    const volatile = (x: Record<string, unknown>) => ({
      ...x,
      service_info: null,
      current_metrics: null,
      processing_stats: { ...(x.processing_stats as object), last_processing_time: null },
    });
    assert.deepEqual(volatile(JSON.parse(JSON.stringify(lib))), volatile(s));
  });

  test("a failing part answers 200 with partial: true and the part named", async () => {
    const store = t.service.store;
    const run = store.run.bind(store);
    store.run = <R>(q: Query<R>) =>
      q.name === "session-lengths" ? Promise.reject(new Error("store unreachable")) : run(q);
    try {
      const res = await get(PERIOD);
      assert.equal(res.statusCode, 200, res.body);
      const s = res.json();
      assert.equal(s.partial, true);
      assert.deepEqual(s.errors, [{ part: "kpis", message: "store unreachable" }]);
      assert.equal(s.kpis, null);
      assert.equal(s.processing_stats.events_processed, 3);
    } finally {
      store.run = run;
    }
  });

  test("400 naming the field; 401 without a key, 403 with an ingest key", async () => {
    const field = async (q: string) => {
      const res = await get(q);
      assert.equal(res.statusCode, 400, q);
      return res.json().details[0].field;
    };
    assert.equal(await field("hours=0"), "hours");
    assert.equal(await field(`hours=2&${PERIOD}`), "hours");
    assert.equal(await field(`from=${iso(T0)}&to=${iso(T0)}`), "from");
    assert.equal(await field("tz=Mars/Olympus"), "tz");
    assert.equal(await field("compare=next"), "compare");
    assert.equal((await get("", null)).statusCode, 401);
    const ingest = await t.call({ method: "POST", url: `${API}/keys`, payload: { name: "i", scopes: ["ingest"] } });
    assert.equal((await get("", ingest.json().key)).statusCode, 403);
    await assert.rejects(t.service.getAnalyticsSummary({ hours: -1 }), /Invalid query/);
  });
});
