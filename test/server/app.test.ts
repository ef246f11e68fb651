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

  test("health is public and 200 with its components while all is well", async () => {
    await t.call({ method: "POST", url: `${API}/track/action`, payload: { action: "x" } });
    const res = await t.call({ method: "GET", url: `${API}/health`, key: null });
    assert.equal(res.statusCode, 200);
    const h = res.json();
    assert.equal(h.overall_health, "healthy");
    assert.equal(h.components.store.status, "up");
    assert.equal(h.components.store.engine, "duckdb");
    assert.equal(h.components.durable_log.status, "writable");
    assert.equal(h.metrics.events_accepted_since_start, 1);
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
