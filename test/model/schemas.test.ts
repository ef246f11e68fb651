import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { EVENT_TYPES, type EventType, isEventType } from "../../src/model/event-types.js";
import { DEFAULT_LIMITS } from "../../src/model/limits.js";
import { buildEventSchemas, ENVELOPE_FIELDS } from "../../src/model/schemas.js";
import { check } from "../../src/model/validate.js";

const schemas = buildEventSchemas(DEFAULT_LIMITS);

/** One complete, valid body per event type, with every optional field filled. */
const VALID: Record<EventType, Record<string, unknown>> = {
  user_action: {
    event_id: "evt-1",
    timestamp: "2026-01-01T12:00:00Z",
    user_id: "u1",
    session_id: "s1",
    action: "login",
    details: { page: "/home", nested: { a: [1, 2] } },
  },
  api_request: {
    timestamp: 1_767_268_800_000,
    endpoint: "/api/things",
    method: "get",
    status_code: 200,
    response_time: 12.5,
    ip_address: "10.0.0.1",
    user_agent: "curl/8",
  },
  cognitive_process: {
    membrane_type: "reasoning",
    processing_time: 340,
    input_tokens: 120,
    output_tokens: 80,
    success: false,
    error_message: "timed out",
    model: "gpt-x",
    cost: 0.0042,
  },
  system_metric: {
    cpu_usage: 55.5,
    memory_usage: 0,
    disk_usage: 100,
    network_io: { bytes_in: 1024, bytes_out: 2048 },
    response_time: 20,
    throughput: 150,
    error_rate: 1.5,
    active_sessions: 12,
    cache_hit_rate: 93,
  },
  error: {
    error_type: "TimeoutError",
    error_message: "upstream did not answer",
    stack_trace: "at x (y.js:1:1)",
    context: { retry: 2 },
  },
  performance: { name: "page_load", value: 1234, unit: "ms" },
  session_start: { session_id: "s1", user_id: "u1", ip_address: "10.0.0.1", user_agent: "Mozilla/5.0" },
  session_end: { session_id: "s1", reason: "logout" },
};

describe("event types", () => {
  test("the eight event types, in order", () => {
    assert.deepEqual(
      [...EVENT_TYPES],
      [
        "user_action",
        "api_request",
        "cognitive_process",
        "system_metric",
        "error",
        "performance",
        "session_start",
        "session_end",
      ],
    );
    assert.equal(isEventType("api_request"), true);
    assert.equal(isEventType("API_REQUEST"), false);
    assert.equal(isEventType(3), false);
  });

  test("the envelope fields", () => {
    assert.deepEqual([...ENVELOPE_FIELDS], ["event_id", "event_type", "timestamp", "user_id", "session_id"]);
  });
});

describe("track schemas: valid bodies", () => {
  for (const type of EVENT_TYPES) {
    test(`${type}: a full body is valid`, () => {
      assert.deepEqual(check(schemas.track[type], VALID[type]), []);
    });
    test(`${type}: the batch item form with its event_type is valid`, () => {
      assert.deepEqual(check(schemas.batchItem[type], { event_type: type, ...VALID[type] }), []);
    });
  }

  test("nullable envelope and optional fields accept null", () => {
    assert.deepEqual(
      check(schemas.track.api_request, {
        endpoint: "/x",
        method: "POST",
        status_code: 599,
        response_time: 0,
        user_id: null,
        session_id: null,
        ip_address: null,
        user_agent: null,
      }),
      [],
    );
    assert.deepEqual(
      check(schemas.track.cognitive_process, {
        membrane_type: "memory",
        processing_time: 0,
        input_tokens: 0,
        output_tokens: 0,
        success: true,
        error_message: null,
        model: null,
        cost: null,
      }),
      [],
    );
  });

  test("minimal bodies: only the required fields", () => {
    assert.deepEqual(check(schemas.track.user_action, { action: "click" }), []);
    assert.deepEqual(check(schemas.track.system_metric, { cpu_usage: 1, memory_usage: 2, disk_usage: 3 }), []);
    assert.deepEqual(check(schemas.track.performance, { name: "ttfb", value: 0 }), []);
    assert.deepEqual(check(schemas.track.session_end, { session_id: "s" }), []);
    assert.deepEqual(check(schemas.sessionStart, {}), []);
  });
});

describe("track schemas: every bad field is named", () => {
  test("user_action", () => {
    assert.deepEqual(check(schemas.track.user_action, {}), [{ field: "action", message: "is required" }]);
    assert.deepEqual(check(schemas.track.user_action, { action: "", details: "text", extra: 1 }), [
      { field: "extra", message: "is not a known field" },
      { field: "action", message: "must NOT have fewer than 1 characters" },
      { field: "details", message: "must be object" },
    ]);
  });

  test("api_request", () => {
    assert.deepEqual(
      check(schemas.track.api_request, {
        endpoint: "",
        method: "G3T",
        status_code: 99,
        response_time: -1,
        ip_address: 5,
      }),
      [
        { field: "endpoint", message: "must NOT have fewer than 1 characters" },
        { field: "method", message: 'must match pattern "^[A-Za-z]+$"' },
        { field: "status_code", message: "must be >= 100" },
        { field: "response_time", message: "must be >= 0" },
        { field: "ip_address", message: "does not match any allowed form" },
      ],
    );
    assert.deepEqual(
      check(schemas.track.api_request, { endpoint: "/", method: "GET", status_code: 600, response_time: 1 }),
      [{ field: "status_code", message: "must be <= 599" }],
    );
    assert.deepEqual(check(schemas.track.api_request, {}), [
      { field: "endpoint", message: "is required" },
      { field: "method", message: "is required" },
      { field: "status_code", message: "is required" },
      { field: "response_time", message: "is required" },
    ]);
  });

  test("cognitive_process", () => {
    assert.deepEqual(
      check(schemas.track.cognitive_process, {
        membrane_type: 1,
        processing_time: "3",
        input_tokens: 1.5,
        output_tokens: -1,
        success: "yes",
        cost: -2,
      }),
      [
        { field: "membrane_type", message: "must be string" },
        { field: "processing_time", message: "must be number" },
        { field: "input_tokens", message: "must be integer" },
        { field: "output_tokens", message: "must be >= 0" },
        { field: "success", message: "must be boolean" },
        { field: "cost", message: "does not match any allowed form" },
      ],
    );
  });

  test("system_metric, including network_io's own fields", () => {
    assert.deepEqual(
      check(schemas.track.system_metric, {
        cpu_usage: 101,
        memory_usage: -1,
        disk_usage: "x",
        network_io: { bytes_in: -1, foo: 1 },
        error_rate: 200,
        active_sessions: 1.5,
      }),
      [
        { field: "cpu_usage", message: "must be <= 100" },
        { field: "memory_usage", message: "must be >= 0" },
        { field: "disk_usage", message: "must be number" },
        { field: "network_io.foo", message: "is not a known field" },
        { field: "network_io.bytes_in", message: "must be >= 0" },
        { field: "error_rate", message: "must be <= 100" },
        { field: "active_sessions", message: "must be integer" },
      ],
    );
  });

  test("error", () => {
    assert.deepEqual(check(schemas.track.error, { error_type: "", error_message: "", stack_trace: 4, context: [] }), [
      { field: "error_type", message: "must NOT have fewer than 1 characters" },
      { field: "error_message", message: "must NOT have fewer than 1 characters" },
      { field: "stack_trace", message: "does not match any allowed form" },
      { field: "context", message: "must be object" },
    ]);
  });

  test("performance", () => {
    assert.deepEqual(check(schemas.track.performance, { name: "x", value: -1, unit: "" }), [
      { field: "value", message: "must be >= 0" },
      { field: "unit", message: "must NOT have fewer than 1 characters" },
    ]);
    assert.deepEqual(check(schemas.track.performance, { name: "x", value: 1, unit: "x".repeat(17) }), [
      { field: "unit", message: "must NOT have more than 16 characters" },
    ]);
  });

  test("session_start and session_end require the session id", () => {
    assert.deepEqual(check(schemas.track.session_start, {}), [{ field: "session_id", message: "is required" }]);
    assert.deepEqual(check(schemas.track.session_end, { session_id: null, reason: "" }), [
      { field: "session_id", message: "must be string" },
      { field: "reason", message: "must NOT have fewer than 1 characters" },
    ]);
  });

  test("envelope: bad timestamp, event_id, user_id", () => {
    assert.deepEqual(
      check(schemas.track.user_action, {
        action: "a",
        timestamp: "yesterday",
        event_id: "x".repeat(129),
        user_id: "",
      }),
      [
        { field: "event_id", message: "must NOT have more than 128 characters" },
        { field: "timestamp", message: "does not match any allowed form" },
        { field: "user_id", message: "does not match any allowed form" },
      ],
    );
    assert.deepEqual(check(schemas.track.user_action, { action: "a", timestamp: -5 }), [
      { field: "timestamp", message: "does not match any allowed form" },
    ]);
    assert.deepEqual(check(schemas.track.user_action, { action: "a", timestamp: 1.5 }), [
      { field: "timestamp", message: "does not match any allowed form" },
    ]);
  });

  test("a batch item of the wrong type names the event_type, with its prefix", () => {
    assert.deepEqual(check(schemas.batchItem.user_action, { event_type: "api_request", action: "a" }, "events[2]"), [
      { field: "events[2].event_type", message: "must be equal to constant" },
    ]);
  });

  test("the batch body needs at least one event, each an object with an event_type", () => {
    assert.deepEqual(check(schemas.batch, { events: [] }), [
      { field: "events", message: "must NOT have fewer than 1 items" },
    ]);
    assert.deepEqual(check(schemas.batch, { events: [{ action: "a" }, 3] }), [
      { field: "events.0.event_type", message: "is required" },
      { field: "events.1", message: "must be object" },
    ]);
    assert.deepEqual(check(schemas.batch, { events: [{ event_type: "x", anything: 1 }] }), []);
  });
});

describe("schemas follow the configured limits", () => {
  const small = buildEventSchemas({ ...DEFAULT_LIMITS, maxStringLength: 16, maxTextLength: 32 });

  test("short strings are bound by maxStringLength", () => {
    assert.deepEqual(check(small.track.user_action, { action: "x".repeat(16) }), []);
    assert.deepEqual(check(small.track.user_action, { action: "x".repeat(17) }), [
      { field: "action", message: "must NOT have more than 16 characters" },
    ]);
    assert.deepEqual(check(schemas.track.user_action, { action: "x".repeat(1025) }), [
      { field: "action", message: "must NOT have more than 1024 characters" },
    ]);
  });

  test("long text is bound by maxTextLength", () => {
    assert.deepEqual(check(small.track.error, { error_type: "E", error_message: "m".repeat(32) }), []);
    assert.deepEqual(
      check(small.track.error, { error_type: "E", error_message: "m".repeat(33), stack_trace: "s".repeat(33) }),
      [
        { field: "error_message", message: "must NOT have more than 32 characters" },
        { field: "stack_trace", message: "does not match any allowed form" },
      ],
    );
  });
});
