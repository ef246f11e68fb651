import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestApp, testApp } from "../helpers/test-app.js";

const API = "/api/analytics";

const GOOD: Record<string, Record<string, unknown>> = {
  action: { action: "login", user_id: "u1", session_id: "s1", details: { via: "sso" } },
  "api-request": {
    endpoint: "/api/chat",
    method: "post",
    status_code: 503,
    response_time: 412.5,
    ip_address: "10.0.0.7",
    user_agent: "curl/8",
  },
  "cognitive-process": {
    membrane_type: "reasoning",
    processing_time: 820,
    input_tokens: 1200,
    output_tokens: 300,
    success: false,
    error_message: "timeout",
    model: "gpt-x",
    cost: 0.0042,
  },
  "system-metrics": {
    cpu_usage: 41.5,
    memory_usage: 63,
    disk_usage: 12,
    network_io: { bytes_in: 1024, bytes_out: 2048 },
    throughput: 120,
    error_rate: 0.5,
    active_sessions: 17,
    cache_hit_rate: 88,
  },
  error: { error_type: "TimeoutError", error_message: "upstream timed out", context: { attempt: 2 } },
  performance: { name: "page_load", value: 1234, unit: "ms" },
};

const TYPE_OF: Record<string, string> = {
  action: "user_action",
  "api-request": "api_request",
  "cognitive-process": "cognitive_process",
  "system-metrics": "system_metric",
  error: "error",
  performance: "performance",
};

describe("POST /track/*", () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ maxBatchEvents: 5, bodyLimitBytes: 4096 });
  });
  after(() => t.close());

  const post = (
    path: string,
    payload: unknown,
    extra: { key?: string | null; headers?: Record<string, string> } = {},
  ) => t.call({ method: "POST", url: `${API}/track/${path}`, payload: payload as object, ...extra });

  const stored = async (eventId: string) => {
    const res = await t.call({ method: "GET", url: `${API}/events?limit=1000` });
    return (res.json().events as Array<{ event_id: string }>).filter((e) => e.event_id === eventId);
  };

  for (const [path, body] of Object.entries(GOOD)) {
    test(`${path}: 201 with the event id, and the event is stored as sent`, async () => {
      const res = await post(path, body);
      assert.equal(res.statusCode, 201, res.body);
      const { event_id, status } = res.json();
      assert.match(event_id, /^[0-9a-f-]{36}$/);
      if (path === "system-metrics") assert.equal(status, "recorded");
      const [event] = (await stored(event_id)) as Array<Record<string, unknown>>;
      assert.ok(event);
      assert.equal(event.event_type, TYPE_OF[path]);
      const { user_id, session_id, ...data } = body;
      assert.deepEqual(event.data, path === "api-request" ? { ...data, method: "POST" } : data);
      assert.equal(event.user_id, user_id ?? null);
      assert.equal(event.session_id, session_id ?? null);
    });
  }

  test("every bad field is named, and nothing is stored", async () => {
    const before = (await t.call({ method: "GET", url: `${API}/events?event_type=api_request` })).json().events.length;
    const res = await post("api-request", {
      endpoint: "",
      method: "GET",
      status_code: 700,
      response_time: "fast",
      colour: "red",
    });
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.error, "Invalid request");
    const fields = body.details.map((d: { field: string }) => d.field).sort();
    assert.deepEqual(fields, ["colour", "endpoint", "response_time", "status_code"]);
    assert.deepEqual(
      body.details.find((d: { field: string }) => d.field === "colour"),
      { field: "colour", message: "is not a known field" },
    );
    const after = (await t.call({ method: "GET", url: `${API}/events?event_type=api_request` })).json().events.length;
    assert.equal(after, before);
  });

  test("a rejected event does not disturb the next one (the first version broke here)", async () => {
    const bad = await post("api-request", { ...GOOD["api-request"], response_time: "fast" });
    assert.equal(bad.statusCode, 400);
    const good = await post("api-request", GOOD["api-request"]);
    assert.equal(good.statusCode, 201);
  });

  test("required fields missing: each one is named", async () => {
    const res = await post("cognitive-process", {});
    assert.equal(res.statusCode, 400);
    assert.deepEqual(
      res
        .json()
        .details.map((d: { field: string; message: string }) => `${d.field} ${d.message}`)
        .sort(),
      [
        "input_tokens is required",
        "membrane_type is required",
        "output_tokens is required",
        "processing_time is required",
        "success is required",
      ],
    );
  });

  test("a timestamp more than 5 minutes ahead or older than retention is refused; an ISO one in the window is kept", async () => {
    const ahead = await post("action", { action: "x", timestamp: Date.now() + 10 * 60_000 });
    assert.equal(ahead.statusCode, 400);
    assert.equal(ahead.json().details[0].field, "timestamp");
    const isoTime = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const past = await post("action", { action: "x", timestamp: isoTime, event_id: "past-1" });
    assert.equal(past.statusCode, 201);
    const [event] = (await stored("past-1")) as unknown as Array<{ timestamp: string }>;
    assert.equal(event?.timestamp, isoTime);
    const tooOld = await post("action", { action: "x", timestamp: Date.now() - 400 * 86_400_000 });
    assert.equal(tooOld.statusCode, 400);
    assert.equal(tooOld.json().details[0].field, "timestamp");
  });

  test("415 for a body that is not JSON", async () => {
    const res = await post("action", "action=login", { headers: { "content-type": "text/plain" } });
    assert.equal(res.statusCode, 415);
    assert.match(res.json().error, /application\/json/);
  });

  test("400 for malformed JSON", async () => {
    const res = await post("action", '{"action": "login"', { headers: { "content-type": "application/json" } });
    assert.equal(res.statusCode, 400);
    assert.match(res.json().error, /JSON/);
  });

  test("400 when the body is missing", async () => {
    const res = await t.call({ method: "POST", url: `${API}/track/action` });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json().details, [{ field: "body", message: "must be object" }]);
  });

  test("413 for a body over the configured limit", async () => {
    const res = await post("action", { action: "x", details: { blob: "y".repeat(5000) } });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().error, "Request body is too large");
  });

  test("401 without a key, 401 with an unknown key, 403 with a read-only key", async () => {
    assert.equal((await post("action", GOOD.action, { key: null })).statusCode, 401);
    assert.equal((await post("action", GOOD.action, { key: "dte_nope" })).statusCode, 401);
    const created = await t.call({ method: "POST", url: `${API}/keys`, payload: { name: "viewer", scopes: ["read"] } });
    const res = await post("action", GOOD.action, { key: created.json().key });
    assert.equal(res.statusCode, 403);
    assert.match(res.json().error, /ingest/);
  });

  const raw = (path: string, json: string) =>
    t.call({
      method: "POST",
      url: `${API}/track/${path}`,
      payload: json,
      headers: { "content-type": "application/json" },
    });

  test("1e999 and a 400-digit literal (Infinity once parsed) are refused, naming each field", async () => {
    const cases: Array<[string, string, string]> = [
      [
        "api-request",
        '{"endpoint": "/", "method": "GET", "status_code": 200, "response_time": 1e999}',
        "response_time",
      ],
      [
        "cognitive-process",
        `{"membrane_type": "m", "processing_time": ${"9".repeat(400)}, "input_tokens": 1, "output_tokens": 1, "success": true}`,
        "processing_time",
      ],
      [
        "cognitive-process",
        '{"membrane_type": "m", "processing_time": 1, "input_tokens": 1e999, "output_tokens": 1, "success": true}',
        "input_tokens",
      ],
      ["system-metrics", '{"cpu_usage": 1, "memory_usage": 1, "disk_usage": 1, "throughput": 1e999}', "throughput"],
      [
        "system-metrics",
        '{"cpu_usage": 1, "memory_usage": 1, "disk_usage": 1, "network_io": {"rx": 1e999}}',
        "network_io.rx",
      ],
      ["performance", '{"name": "n", "value": -1e999}', "value"],
    ];
    for (const [path, json, field] of cases) {
      const res = await raw(path, json);
      assert.equal(res.statusCode, 400, json);
      assert.deepEqual(res.json(), {
        error: "Invalid request",
        details: [{ field, message: "must be a finite number" }],
      });
    }
    const cost = await raw(
      "cognitive-process",
      '{"membrane_type": "m", "processing_time": 1, "input_tokens": 1, "output_tokens": 1, "success": true, "cost": 1e999}',
    );
    assert.deepEqual(cost.json().details, [{ field: "cost", message: "must be a finite number" }]);
  });

  test("an integer beyond 2^53 - 1 is refused with the limit, not stored as null", async () => {
    const res = await raw(
      "cognitive-process",
      '{"membrane_type": "m", "processing_time": 1, "input_tokens": 9223372036854775808, "output_tokens": 9007199254740991, "success": true}',
    );
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json().details, [{ field: "input_tokens", message: "must be <= 9007199254740991" }]);
    const max = await raw(
      "cognitive-process",
      '{"membrane_type": "m", "processing_time": 1, "input_tokens": 9007199254740991, "output_tokens": 0, "success": true, "event_id": "max-int"}',
    );
    assert.equal(max.statusCode, 201, max.body);
    const [event] = (await stored("max-int")) as unknown as Array<{ data: { input_tokens: number } }>;
    assert.equal(event?.data.input_tokens, Number.MAX_SAFE_INTEGER);
  });

  test("details: null and context: null are accepted and stored as given", async () => {
    assert.equal((await post("action", { action: "a", details: null, event_id: "null-details" })).statusCode, 201);
    const err = { error_type: "E", error_message: "m", context: null, event_id: "null-context" };
    assert.equal((await post("error", err)).statusCode, 201);
    const [a] = (await stored("null-details")) as unknown as Array<{ data: object }>;
    assert.deepEqual(a?.data, { action: "a", details: null });
    const [e] = (await stored("null-context")) as unknown as Array<{ data: object }>;
    assert.deepEqual(e?.data, { error_type: "E", error_message: "m", context: null });
  });

  test("network_io takes any numeric keys, as the first version did", async () => {
    const body = { cpu_usage: 1, memory_usage: 2, disk_usage: 3, network_io: { eth0_rx: 10, eth0_tx: 20.5 } };
    const res = await post("system-metrics", { ...body, event_id: "nio-any" });
    assert.equal(res.statusCode, 201, res.body);
    const [event] = (await stored("nio-any")) as unknown as Array<{ data: object }>;
    assert.deepEqual(event?.data, body);
  });

  test("a timestamp without an offset (the first version's output) is stored as UTC", async () => {
    const at = new Date(Date.now() - 86_400_000);
    const naive = at.toISOString().replace("Z", "");
    const micro = `${naive}456`;
    assert.equal((await post("action", { action: "a", timestamp: naive, event_id: "naive-1" })).statusCode, 201);
    assert.equal((await post("action", { action: "a", timestamp: micro, event_id: "naive-2" })).statusCode, 201);
    for (const id of ["naive-1", "naive-2"]) {
      const [event] = (await stored(id)) as unknown as Array<{ timestamp: string }>;
      assert.equal(event?.timestamp, at.toISOString(), id);
    }
  });

  test("keys inside details are bounded by maxStringLength (1024)", async () => {
    const res = await post("action", { action: "a", details: { ["k".repeat(1025)]: 1 } });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json().details, [{ field: "details", message: "has a key longer than 1024 characters" }]);
    assert.equal((await post("action", { action: "a", details: { ["k".repeat(1024)]: 1 } })).statusCode, 201);
  });

  test("every rejected event is counted once, whichever check refused it; a malformed request is no event", async () => {
    const rejected = () => t.service.pipeline.status().rejected;
    const before = rejected();
    const steps: Array<[() => Promise<{ statusCode: number }>, number, number]> = [
      // The schema check of a single event (Fastify used to refuse these before the pipeline counted them).
      [() => post("api-request", { ...GOOD["api-request"], response_time: "fast" }), 400, 1],
      [() => t.call({ method: "POST", url: `${API}/track/action` }), 400, 1],
      [() => raw("performance", '{"name": "n", "value": 1e999}'), 400, 1],
      // The time window, checked after the schema.
      [() => post("action", { action: "x", timestamp: Date.now() + 10 * 60_000 }), 400, 1],
      // A session start is an event too.
      [() => t.call({ method: "POST", url: `${API}/session/start`, payload: { user_id: 42 } }), 400, 1],
      // Batch elements, whatever is wrong with them.
      [() => post("batch", { events: [{ event_type: "user_action" }, 3, { action: "no type" }] }), 400, 3],
      [() => post("batch", { events: [{ event_type: "user_action", action: "ok" }, { event_type: "error" }] }), 201, 1],
      // Not events: malformed JSON, a batch without a list, a wrong content type, a good event.
      [() => raw("action", '{"action": '), 400, 0],
      [() => post("batch", { events: [] }), 400, 0],
      [() => post("action", "action=x", { headers: { "content-type": "text/plain" } }), 415, 0],
      [() => post("action", { action: "fine" }), 201, 0],
    ];
    let expected = before;
    for (const [send, status, counted] of steps) {
      const res = await send();
      expected += counted;
      assert.equal(res.statusCode, status, send.toString());
      assert.equal(rejected(), expected, send.toString());
    }
    assert.equal(rejected() - before, 9);
  });

  test("a retry with the same event_id is stored once", async () => {
    const body = { ...GOOD.action, event_id: "retry-1" };
    assert.equal((await post("action", body)).statusCode, 201);
    assert.equal((await post("action", body)).statusCode, 201);
    assert.equal((await stored("retry-1")).length, 1);
  });
});

describe("POST /track/batch", () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ maxBatchEvents: 5 });
  });
  after(() => t.close());

  const batch = (events: unknown[]) => t.call({ method: "POST", url: `${API}/track/batch`, payload: { events } });

  test("stores the good events and lists the bad ones by index with reasons", async () => {
    const res = await batch([
      { event_type: "user_action", action: "a", event_id: "b-0" },
      { event_type: "api_request", endpoint: "/x", method: "GET", status_code: 200, response_time: "fast" },
      { event_type: "nonsense" },
      { event_type: "error", error_type: "E", error_message: "m", event_id: "b-3" },
    ]);
    assert.equal(res.statusCode, 201);
    assert.deepEqual(res.json(), {
      accepted: [
        { index: 0, event_id: "b-0" },
        { index: 3, event_id: "b-3" },
      ],
      rejected: [
        { index: 1, errors: [{ field: "response_time", message: "must be number" }] },
        { index: 2, errors: [{ field: "event_type", message: "must be a known event type" }] },
      ],
    });
    const events = (await t.call({ method: "GET", url: `${API}/events` })).json().events;
    assert.deepEqual(events.map((e: { event_id: string }) => e.event_id).sort(), ["b-0", "b-3"]);
  });

  test("a batch retried whole is stored once", async () => {
    const events = [1, 2, 3].map((i) => ({ event_type: "user_action", action: "retry", event_id: `rb-${i}` }));
    assert.equal((await batch(events)).statusCode, 201);
    assert.equal((await batch(events)).statusCode, 201);
    const stored = (await t.call({ method: "GET", url: `${API}/events?event_type=user_action` })).json().events;
    assert.equal(stored.filter((e: { data: { action: string } }) => e.data.action === "retry").length, 3);
  });

  test("400 naming each field when no event is valid", async () => {
    const res = await batch([{ event_type: "user_action" }, { event_type: "error", error_type: "E" }]);
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json().details, [
      { field: "events.0.action", message: "is required" },
      { field: "events.1.error_message", message: "is required" },
    ]);
  });

  test("413 over the batch length limit, and nothing of it is stored", async () => {
    const events = Array.from({ length: 6 }, (_, i) => ({
      event_type: "user_action",
      action: "big",
      event_id: `big-${i}`,
    }));
    const res = await batch(events);
    assert.equal(res.statusCode, 413);
    assert.deepEqual(res.json().details, [{ field: "events", message: "has 6 events; the limit is 5" }]);
    const stored = (await t.call({ method: "GET", url: `${API}/events?limit=1000` })).json().events;
    assert.equal(stored.filter((e: { event_id: string }) => e.event_id.startsWith("big-")).length, 0);
  });

  test("each element is checked for finite numbers, Int64-safe integers and a well-formed shape", async () => {
    const res = await t.call({
      method: "POST",
      url: `${API}/track/batch`,
      headers: { "content-type": "application/json" },
      payload: `{"events": [
        {"event_type": "performance", "name": "n", "value": 1e999},
        {"event_type": "cognitive_process", "membrane_type": "m", "processing_time": 1, "input_tokens": 18446744073709551616, "output_tokens": 1, "success": true},
        "not an object",
        {"event_type": "user_action", "action": "a", "details": null, "event_id": "batch-null"}
      ]}`,
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json(), {
      accepted: [{ index: 3, event_id: "batch-null" }],
      rejected: [
        { index: 0, errors: [{ field: "value", message: "must be a finite number" }] },
        { index: 1, errors: [{ field: "input_tokens", message: "must be <= 9007199254740991" }] },
        { index: 2, errors: [{ field: "event_type", message: "must be a known event type" }] },
      ],
    });
  });

  test("400 for an empty list or a missing one", async () => {
    const empty = await batch([]);
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().details[0].field, "events");
    const missing = await t.call({ method: "POST", url: `${API}/track/batch`, payload: {} });
    assert.deepEqual(missing.json().details, [{ field: "events", message: "is required" }]);
  });
});
