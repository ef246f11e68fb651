import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { EVENT_TYPES, type EventType, isEventType } from "../../src/model/event-types.js";
import { DEFAULT_LIMITS } from "../../src/model/limits.js";
import { buildEventSchemas, ENVELOPE_FIELDS } from "../../src/model/schemas.js";
import { check } from "../../src/model/validate.js";

const schemas = buildEventSchemas(DEFAULT_LIMITS);
const TIME_MESSAGE = "must be ISO 8601 (UTC when it has no offset) or epoch milliseconds";
/** What JSON.parse makes of `1e999` or a 400-digit literal. */
const HUGE = JSON.parse("1e999") as number;

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
        { field: "ip_address", message: "must be string" },
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
        { field: "cost", message: "must be >= 0" },
      ],
    );
  });

  test("system_metric, including network_io's own fields", () => {
    assert.deepEqual(
      check(schemas.track.system_metric, {
        cpu_usage: 101,
        memory_usage: -1,
        disk_usage: "x",
        network_io: { bytes_in: -1, foo: "x" },
        error_rate: 200,
        active_sessions: 1.5,
      }),
      [
        { field: "cpu_usage", message: "must be <= 100" },
        { field: "memory_usage", message: "must be >= 0" },
        { field: "disk_usage", message: "must be number" },
        { field: "network_io.bytes_in", message: "must be >= 0" },
        { field: "network_io.foo", message: "must be number" },
        { field: "error_rate", message: "must be <= 100" },
        { field: "active_sessions", message: "must be integer" },
      ],
    );
  });

  test("error", () => {
    assert.deepEqual(check(schemas.track.error, { error_type: "", error_message: "", stack_trace: 4, context: [] }), [
      { field: "error_type", message: "must NOT have fewer than 1 characters" },
      { field: "error_message", message: "must NOT have fewer than 1 characters" },
      { field: "stack_trace", message: "must be string" },
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
        { field: "timestamp", message: TIME_MESSAGE },
        { field: "user_id", message: "must NOT have fewer than 1 characters" },
      ],
    );
    assert.deepEqual(check(schemas.track.user_action, { action: "a", timestamp: -5 }), [
      { field: "timestamp", message: TIME_MESSAGE },
    ]);
    assert.deepEqual(check(schemas.track.user_action, { action: "a", timestamp: 1.5 }), [
      { field: "timestamp", message: TIME_MESSAGE },
    ]);
  });

  test("a batch item of the wrong type names the event_type, with its prefix", () => {
    assert.deepEqual(check(schemas.batchItem.user_action, { event_type: "api_request", action: "a" }, "events[2]"), [
      { field: "events[2].event_type", message: "must be equal to constant" },
    ]);
  });

  test("the batch body needs a list of at least one event; each element is judged on its own later", () => {
    assert.deepEqual(check(schemas.batch, { events: [] }), [
      { field: "events", message: "must NOT have fewer than 1 items" },
    ]);
    assert.deepEqual(check(schemas.batch, {}), [{ field: "events", message: "is required" }]);
    assert.deepEqual(check(schemas.batch, { events: "a" }), [{ field: "events", message: "must be array" }]);
    // Bad elements are counted as rejected events by the pipeline, so the envelope lets them through.
    assert.deepEqual(check(schemas.batch, { events: [{ action: "a" }, 3, { event_type: "x", anything: 1 }] }), []);
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
        { field: "stack_trace", message: "must NOT have more than 32 characters" },
      ],
    );
  });
});

describe("numbers are finite, and integers fit the store's Int64 columns exactly", () => {
  for (const type of EVENT_TYPES) {
    const numeric = Object.entries(VALID[type]).filter(([, v]) => typeof v === "number");
    for (const [field] of numeric) {
      test(`${type}.${field}: 1e999 is refused, naming the field`, () => {
        const expected = [{ field, message: "must be a finite number" }];
        assert.deepEqual(check(schemas.track[type], { ...VALID[type], [field]: HUGE }), expected);
        assert.deepEqual(check(schemas.batchItem[type], { event_type: type, ...VALID[type], [field]: HUGE }), expected);
      });
    }
  }

  test("network_io values and a nullable number (cost) are checked too", () => {
    assert.deepEqual(check(schemas.track.system_metric, { ...VALID.system_metric, network_io: { bytes_in: HUGE } }), [
      { field: "network_io.bytes_in", message: "must be a finite number" },
    ]);
    assert.deepEqual(check(schemas.track.cognitive_process, { ...VALID.cognitive_process, cost: -HUGE }), [
      { field: "cost", message: "must be a finite number" },
    ]);
    assert.deepEqual(check(schemas.track.cognitive_process, { ...VALID.cognitive_process, cost: -1 }), [
      { field: "cost", message: "must be >= 0" },
    ]);
  });

  test("integer counts go up to 2^53 - 1 (exact in JavaScript and in Int64); above that, 400 with the limit", () => {
    const max = Number.MAX_SAFE_INTEGER;
    assert.equal(max, 9_007_199_254_740_991);
    const run = { ...VALID.cognitive_process, input_tokens: max, output_tokens: max };
    assert.deepEqual(check(schemas.track.cognitive_process, run), []);
    // 2^63 parses to an exact integer JavaScript cannot tell from its neighbours.
    const over = JSON.parse("9223372036854775808") as number;
    assert.deepEqual(check(schemas.track.cognitive_process, { ...run, input_tokens: max + 1, output_tokens: over }), [
      { field: "input_tokens", message: "must be <= 9007199254740991" },
      { field: "output_tokens", message: "must be <= 9007199254740991" },
    ]);
    assert.deepEqual(check(schemas.track.system_metric, { ...VALID.system_metric, active_sessions: over }), [
      { field: "active_sessions", message: "must be <= 9007199254740991" },
    ]);
  });
});

describe("shapes and nulls of the first version", () => {
  test("details: null and context: null are accepted", () => {
    assert.deepEqual(check(schemas.track.user_action, { action: "a", details: null }), []);
    assert.deepEqual(check(schemas.track.error, { error_type: "E", error_message: "m", context: null }), []);
    assert.deepEqual(
      check(schemas.batchItem.user_action, { event_type: "user_action", action: "a", details: null }),
      [],
    );
  });

  test("network_io takes any numeric keys, bounded in count (maxKeys) and key length (maxStringLength)", () => {
    const small = buildEventSchemas({ ...DEFAULT_LIMITS, maxKeys: 3, maxStringLength: 8 });
    const base = { cpu_usage: 1, memory_usage: 1, disk_usage: 1 };
    assert.deepEqual(check(small.track.system_metric, { ...base, network_io: { eth0_rx: 1, eth0_tx: 2.5, x: 0 } }), []);
    assert.deepEqual(check(small.track.system_metric, { ...base, network_io: { a: 1, b: 2, c: 3, d: 4 } }), [
      { field: "network_io", message: "must NOT have more than 3 properties" },
    ]);
    assert.deepEqual(check(small.track.system_metric, { ...base, network_io: { "123456789": 1 } }), [
      { field: "network_io", message: "has a key longer than 8 characters" },
    ]);
    assert.deepEqual(check(small.track.system_metric, { ...base, network_io: { "": 1 } }), [
      { field: "network_io", message: "has an empty key" },
    ]);
    assert.deepEqual(check(small.track.system_metric, { ...base, network_io: { rx: "1", tx: -1 } }), [
      { field: "network_io.rx", message: "must be number" },
      { field: "network_io.tx", message: "must be >= 0" },
    ]);
  });

  test("a timestamp without an offset is accepted, with or without fractional seconds", () => {
    for (const timestamp of ["2026-02-01T10:00:00", "2026-02-01T10:00:00.123456"]) {
      assert.deepEqual(check(schemas.track.user_action, { action: "a", timestamp }), [], timestamp);
    }
    assert.deepEqual(check(schemas.track.user_action, { action: "a", timestamp: "Feb 1, 2026" }), [
      { field: "timestamp", message: TIME_MESSAGE },
    ]);
  });
});
