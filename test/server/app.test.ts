import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestApp, testApp } from "../helpers/test-app.js";

const API = "/api/analytics";

describe("the HTTP app", () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  test("an unknown query parameter is a 400 naming it, on every route with a query-string schema", async () => {
    // A typo such as `hour=48` for `hours` must not be answered with the default period.
    const routes = t.app.routeList.filter((r) => r.query.length > 0);
    assert.ok(routes.length >= 8, `found only ${routes.length}`);
    assert.deepEqual(
      routes.filter((r) => !r.strictQuery).map((r) => `${r.method} ${r.url}`),
      [],
      "query schemas that let unknown names through",
    );
    for (const url of [`${API}/anomalies`, `${API}/summary`, `${API}/events`, `${API}/export/events`]) {
      const res = await t.call({ method: "GET", url: `${url}?no_such_parameter=1` });
      assert.equal(res.statusCode, 400, url);
      assert.match(res.body, /no_such_parameter/, url);
    }
  });

  test("unknown routes under /api are JSON 404s", async () => {
    const res = await t.call({ method: "GET", url: `${API}/nothing-here` });
    assert.equal(res.statusCode, 404);
    assert.match(res.headers["content-type"] as string, /application\/json/);
    assert.deepEqual(res.json(), { error: "No route GET /api/analytics/nothing-here" });
  });

  test("a wrong method on a known path is a JSON 405 with Allow", async () => {
    const res = await t.call({ method: "GET", url: `${API}/track/action` });
    assert.equal(res.statusCode, 405);
    assert.equal(res.headers.allow, "POST");
    assert.match(res.json().error, /GET/);
    const withParam = await t.call({ method: "GET", url: `${API}/session/abc/end` });
    assert.equal(withParam.statusCode, 405);
    const del = await t.call({ method: "DELETE", url: `${API}/events` });
    assert.equal(del.headers.allow, "GET, HEAD");
  });

  test("health is public and says only its verdict; live and ready answer alongside", async () => {
    await t.call({ method: "POST", url: `${API}/track/action`, payload: { action: "x" } });
    for (const path of ["/health", "/health/ready"]) {
      const res = await t.call({ method: "GET", url: `${API}${path}`, key: null });
      assert.equal(res.statusCode, 200, path);
      const h = res.json();
      assert.deepEqual(Object.keys(h).sort(), ["last_updated", "overall_health"], path);
      assert.equal(h.overall_health, "healthy");
      assert.match(h.last_updated, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    const live = await t.call({ method: "GET", url: `${API}/health/live`, key: null });
    assert.equal(live.statusCode, 200);
    assert.deepEqual(live.json(), { status: "live" });
  });

  test("the detailed health needs a read key and shows components and figures", async () => {
    const keys = t.service.keys;
    const ingest = (await keys.create("ingest only", ["ingest"])).key;
    const read = (await keys.create("dashboards", ["read"])).key;
    const url = `${API}/health/details`;
    assert.equal((await t.call({ method: "GET", url, key: null })).statusCode, 401);
    const forbidden = await t.call({ method: "GET", url, key: ingest });
    assert.equal(forbidden.statusCode, 403);
    assert.deepEqual(forbidden.json(), { error: "This API key lacks the 'read' scope" });

    const before = t.service.pipeline.status().accepted;
    await t.call({ method: "POST", url: `${API}/session/start`, payload: { session_id: "health-s1" } });
    await t.service.pipeline.drain();
    const res = await t.call({ method: "GET", url, key: read });
    assert.equal(res.statusCode, 200);
    const h = res.json();
    assert.equal(h.overall_health, "healthy");
    assert.deepEqual(h.components, {
      store: { status: "up", engine: "duckdb" },
      durable_log: { status: "writable" },
      loader: { status: "loading", backlog_bytes: 0 },
      alerts: { state: "normal", firing: 0 },
    });
    assert.equal(h.metrics.active_sessions, 1);
    assert.equal(h.metrics.events_stored, before + 1);
    assert.equal(h.metrics.events_accepted_since_start, before + 1);
    assert.equal(h.metrics.events_rejected_since_start, 0);
    assert.equal(typeof h.metrics.uptime_hours, "number");
  });

  test("the OpenAPI document lists every endpoint with the event schemas", async () => {
    const res = await t.call({ method: "GET", url: "/docs/json", key: null });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    for (const path of [
      "/api/analytics/track/action",
      "/api/analytics/track/api-request",
      "/api/analytics/track/cognitive-process",
      "/api/analytics/track/system-metrics",
      "/api/analytics/track/error",
      "/api/analytics/track/performance",
      "/api/analytics/track/batch",
      "/api/analytics/session/start",
      "/api/analytics/session/{session_id}/end",
      "/api/analytics/events",
      "/api/analytics/sessions",
      "/api/analytics/sessions/{session_id}",
      "/api/analytics/health",
      "/api/analytics/health/live",
      "/api/analytics/health/ready",
      "/api/analytics/health/details",
      "/api/analytics/keys",
      "/api/analytics/keys/{id}",
    ]) {
      assert.ok(doc.paths[path], path);
    }
    const schema = doc.paths["/api/analytics/track/api-request"].post.requestBody.content["application/json"].schema;
    assert.deepEqual(schema.required.sort(), ["endpoint", "method", "response_time", "status_code"]);
    assert.equal(schema.properties.status_code.maximum, 599);
    const ui = await t.call({ method: "GET", url: "/docs", key: null });
    assert.equal(ui.statusCode, 200);
    assert.match(ui.headers["content-type"] as string, /text\/html/);
  });
});
