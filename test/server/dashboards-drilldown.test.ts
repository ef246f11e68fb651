import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestApp, testApp } from "../helpers/test-app.js";

const API = "/api/analytics";
const T0 = Date.UTC(2026, 10, 2, 12, 0, 0);

// A dashboard's click opens the matching events: the listing narrows by what a widget groups by.
describe("GET /events: the drill-down filters", () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ retentionDays: 3650 });
    const at = (i: number) => T0 + i * 60_000;
    const events = [
      {
        event_type: "api_request",
        event_id: "a1",
        timestamp: at(1),
        endpoint: "/x",
        method: "GET",
        status_code: 200,
        response_time: 1,
      },
      {
        event_type: "api_request",
        event_id: "a2",
        timestamp: at(2),
        endpoint: "/x",
        method: "GET",
        status_code: 503,
        response_time: 1,
      },
      {
        event_type: "api_request",
        event_id: "a3",
        timestamp: at(3),
        endpoint: "/y",
        method: "GET",
        status_code: 404,
        response_time: 1,
      },
      {
        event_type: "api_request",
        event_id: "a4",
        timestamp: at(4),
        endpoint: "/y",
        method: "GET",
        status_code: 500,
        response_time: 1,
      },
      {
        event_type: "cognitive_process",
        event_id: "c1",
        timestamp: at(5),
        membrane_type: "memory",
        model: "m1",
        processing_time: 5,
        input_tokens: 1,
        output_tokens: 1,
        success: true,
      },
      {
        event_type: "cognitive_process",
        event_id: "c2",
        timestamp: at(6),
        membrane_type: "reasoning",
        model: "m1",
        processing_time: 5,
        input_tokens: 1,
        output_tokens: 1,
        success: true,
      },
      {
        event_type: "error",
        event_id: "e1",
        timestamp: at(7),
        error_type: "<script>alert(1)</script>",
        error_message: "m",
      },
      { event_type: "error", event_id: "e2", timestamp: at(8), error_type: "Timeout", error_message: "m" },
    ];
    const res = await t.call({ method: "POST", url: `${API}/track/batch`, payload: { events } });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json().rejected, []);
  });
  after(() => t.close());

  const ids = async (query: string) => {
    const res = await t.call({ method: "GET", url: `${API}/events?${query}` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().events.map((e: { event_id: string }) => e.event_id);
  };

  test("each filter alone and together, newest first", async () => {
    assert.deepEqual(await ids("status_class=5xx"), ["a4", "a2"]);
    assert.deepEqual(await ids("status_class=4xx"), ["a3"]);
    assert.deepEqual(await ids("endpoint=/x"), ["a2", "a1"]);
    assert.deepEqual(await ids("endpoint=/y&status_class=5xx"), ["a4"]);
    assert.deepEqual(await ids("membrane_type=memory"), ["c1"]);
    assert.deepEqual(await ids("model=m1&event_type=cognitive_process"), ["c2", "c1"]);
    assert.deepEqual(await ids(`error_type=${encodeURIComponent("<script>alert(1)</script>")}`), ["e1"]);
    assert.deepEqual(await ids("status_class=1xx"), []);
  });

  test("a status class outside 1xx..5xx, or an empty value, is a 400 naming the field", async () => {
    for (const [query, field] of [
      ["status_class=6xx", "status_class"],
      ["status_class=500", "status_class"],
      ["endpoint=", "endpoint"],
      ["model=", "model"],
    ]) {
      const res = await t.call({ method: "GET", url: `${API}/events?${query}` });
      assert.equal(res.statusCode, 400, query);
      assert.deepEqual(
        res.json().details.map((d: { field: string }) => d.field),
        [field],
        query,
      );
    }
  });
});
