import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { FieldError } from "../../src/errors.js";
import type { EventRecord } from "../../src/model/event.js";
import { DEFAULT_LIMITS, type Limits } from "../../src/model/limits.js";
import { type NormaliseContext, normaliseEvent } from "../../src/model/normalise.js";

const NOW = Date.parse("2026-03-01T12:00:00.000Z");
const MIN = 60_000;
const DAY = 86_400_000;
const ctx: NormaliseContext = { now: NOW, retentionDays: 30, limits: DEFAULT_LIMITS };
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function ok(r: ReturnType<typeof normaliseEvent>): EventRecord {
  if (!r.ok) assert.fail(`expected a record, got ${JSON.stringify(r.errors)}`);
  return r.record;
}
function errors(r: ReturnType<typeof normaliseEvent>): FieldError[] {
  if (r.ok) assert.fail(`expected errors, got ${JSON.stringify(r.record)}`);
  return r.errors;
}

describe("normaliseEvent: the record", () => {
  test("splits the envelope from the type's data and keeps the given event_id", () => {
    const record = ok(
      normaliseEvent(
        "api_request",
        {
          event_id: "evt-42",
          timestamp: "2026-03-01T11:59:00Z",
          user_id: "u1",
          session_id: "s1",
          endpoint: "/api/x",
          method: "post",
          status_code: 201,
          response_time: 12.5,
        },
        ctx,
      ),
    );
    assert.deepEqual(record, {
      event_id: "evt-42",
      event_type: "api_request",
      timestamp: NOW - MIN,
      received_at: NOW,
      user_id: "u1",
      session_id: "s1",
      data: { endpoint: "/api/x", method: "POST", status_code: 201, response_time: 12.5 },
    });
  });

  test("generates a UUID v4 event_id when none is given, a different one each time", () => {
    const a = ok(normaliseEvent("user_action", { action: "click" }, ctx));
    const b = ok(normaliseEvent("user_action", { action: "click" }, ctx));
    assert.match(a.event_id, UUID_RE);
    assert.match(b.event_id, UUID_RE);
    assert.notEqual(a.event_id, b.event_id);
  });

  test("the method is upper-cased; other strings are kept as sent", () => {
    const record = ok(
      normaliseEvent("api_request", { endpoint: "/Mixed", method: "dElEtE", status_code: 204, response_time: 1 }, ctx),
    );
    assert.equal(record.data.method, "DELETE");
    assert.equal(record.data.endpoint, "/Mixed");
  });

  test("without a timestamp the arrival time is used; missing ids are null", () => {
    const record = ok(normaliseEvent("user_action", { action: "a", user_id: null }, ctx));
    assert.equal(record.timestamp, NOW);
    assert.equal(record.received_at, NOW);
    assert.equal(record.user_id, null);
    assert.equal(record.session_id, null);
    assert.deepEqual(record.data, { action: "a" });
  });

  test("undefined fields are left out of data; nulls are kept", () => {
    const record = ok(
      normaliseEvent("cognitive_process", { membrane_type: "memory", model: null, cost: undefined }, ctx),
    );
    assert.deepEqual(record.data, { membrane_type: "memory", model: null });
  });

  test("nested free-form data is kept as sent", () => {
    const details = { page: "/home", tags: ["a", "b"], meta: { n: 1, ok: true, none: null } };
    const record = ok(normaliseEvent("user_action", { action: "a", details }, ctx));
    assert.deepEqual(record.data, { action: "a", details });
  });
});

describe("normaliseEvent: time", () => {
  test("ISO 8601 with Z and with an offset, and epoch milliseconds, are accepted", () => {
    assert.equal(
      ok(normaliseEvent("user_action", { action: "a", timestamp: "2026-03-01T10:00:00Z" }, ctx)).timestamp,
      NOW - 120 * MIN,
    );
    assert.equal(
      ok(normaliseEvent("user_action", { action: "a", timestamp: "2026-03-01T12:00:00+02:00" }, ctx)).timestamp,
      NOW - 120 * MIN,
    );
    assert.equal(ok(normaliseEvent("user_action", { action: "a", timestamp: NOW - 5000 }, ctx)).timestamp, NOW - 5000);
  });

  test("up to 5 minutes in the future is accepted; beyond is rejected", () => {
    assert.equal(
      ok(normaliseEvent("user_action", { action: "a", timestamp: NOW + 5 * MIN }, ctx)).timestamp,
      NOW + 5 * MIN,
    );
    assert.deepEqual(errors(normaliseEvent("user_action", { action: "a", timestamp: NOW + 5 * MIN + 1 }, ctx)), [
      { field: "timestamp", message: "is more than 5 minutes in the future" },
    ]);
    assert.deepEqual(errors(normaliseEvent("user_action", { action: "a", timestamp: "2026-03-01T12:06:00Z" }, ctx)), [
      { field: "timestamp", message: "is more than 5 minutes in the future" },
    ]);
  });

  test("older than the retention window is rejected; just inside it is accepted", () => {
    assert.equal(
      ok(normaliseEvent("user_action", { action: "a", timestamp: NOW - 30 * DAY }, ctx)).timestamp,
      NOW - 30 * DAY,
    );
    assert.deepEqual(errors(normaliseEvent("user_action", { action: "a", timestamp: NOW - 30 * DAY - 1 }, ctx)), [
      { field: "timestamp", message: "is older than the retention window (30 days)" },
    ]);
    assert.deepEqual(
      errors(
        normaliseEvent(
          "user_action",
          { action: "a", timestamp: "2020-01-01T00:00:00Z" },
          { ...ctx, retentionDays: 365 },
        ),
      ),
      [{ field: "timestamp", message: "is older than the retention window (365 days)" }],
    );
  });

  test("ISO 8601 without an offset (the first version's output) is UTC, whatever the server's zone", () => {
    const saved = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      assert.equal(
        ok(normaliseEvent("user_action", { action: "a", timestamp: "2026-03-01T10:00:00" }, ctx)).timestamp,
        NOW - 120 * MIN,
      );
      assert.equal(
        ok(normaliseEvent("user_action", { action: "a", timestamp: "2026-03-01T10:00:00.123456" }, ctx)).timestamp,
        NOW - 120 * MIN + 123,
      );
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  test("an unparseable time is named", () => {
    assert.deepEqual(errors(normaliseEvent("user_action", { action: "a", timestamp: "not a date" }, ctx)), [
      { field: "timestamp", message: "is not a valid time" },
    ]);
  });

  test("inside a batch the field carries the prefix", () => {
    assert.deepEqual(errors(normaliseEvent("user_action", { action: "a", timestamp: NOW + DAY }, ctx, "events[7]")), [
      { field: "events[7].timestamp", message: "is more than 5 minutes in the future" },
    ]);
  });
});

describe("normaliseEvent: free-form details and context", () => {
  const limits: Limits = { ...DEFAULT_LIMITS, maxDepth: 3, maxKeys: 5, maxTextLength: 10 };
  const small: NormaliseContext = { ...ctx, limits };

  test("nesting up to maxDepth is accepted; one level deeper is rejected", () => {
    // details itself is level 1; { a: { b: {} } } reaches level 3.
    assert.equal(ok(normaliseEvent("user_action", { action: "a", details: { a: { b: {} } } }, small)).data.action, "a");
    assert.deepEqual(errors(normaliseEvent("user_action", { action: "a", details: { a: { b: { c: {} } } } }, small)), [
      { field: "details", message: "is nested deeper than 3 levels" },
    ]);
  });

  test("arrays count as levels too", () => {
    assert.deepEqual(
      errors(normaliseEvent("error", { error_type: "E", error_message: "m", context: { a: [[[1]]] } }, small)),
      [{ field: "context", message: "is nested deeper than 3 levels" }],
    );
  });

  test("keys are counted over all levels", () => {
    // 2 top-level keys + 3 inside = 5: allowed.
    assert.equal(
      ok(normaliseEvent("user_action", { action: "a", details: { a: 1, b: { c: 1, d: 2, e: 3 } } }, small)).data.action,
      "a",
    );
    // 2 + 4 = 6: one too many.
    assert.deepEqual(
      errors(normaliseEvent("user_action", { action: "a", details: { a: 1, b: { c: 1, d: 2, e: 3, f: 4 } } }, small)),
      [{ field: "details", message: "has more than 5 keys" }],
    );
    assert.deepEqual(
      errors(
        normaliseEvent("error", { error_type: "E", error_message: "m", context: { list: [1, 2, 3, 4, 5] } }, small),
      ),
      [{ field: "context", message: "has more than 5 keys" }],
    );
  });

  test("details: null and context: null are stored as given", () => {
    assert.deepEqual(ok(normaliseEvent("user_action", { action: "a", details: null }, small)).data, {
      action: "a",
      details: null,
    });
    assert.deepEqual(ok(normaliseEvent("error", { error_type: "E", error_message: "m", context: null }, small)).data, {
      error_type: "E",
      error_message: "m",
      context: null,
    });
  });

  test("keys inside are bound by maxStringLength at every level, named by the object holding them", () => {
    const keys: NormaliseContext = { ...small, limits: { ...limits, maxStringLength: 4 } };
    assert.deepEqual(ok(normaliseEvent("user_action", { action: "a", details: { abcd: { wxyz: 1 } } }, keys)).data, {
      action: "a",
      details: { abcd: { wxyz: 1 } },
    });
    assert.deepEqual(errors(normaliseEvent("user_action", { action: "a", details: { abcde: 1 } }, keys)), [
      { field: "details", message: "has a key longer than 4 characters" },
    ]);
    assert.deepEqual(
      errors(normaliseEvent("error", { error_type: "E", error_message: "m", context: { a: { vwxyz: 1 } } }, keys)),
      [{ field: "context.a", message: "has a key longer than 4 characters" }],
    );
  });

  test("a 7 MB key is refused with the default limits", () => {
    assert.deepEqual(
      errors(normaliseEvent("user_action", { action: "a", details: { ["k".repeat(7 * 1024 * 1024)]: 1 } }, ctx)),
      [{ field: "details", message: "has a key longer than 1024 characters" }],
    );
  });

  test("strings inside are bound by maxTextLength, named by their path", () => {
    assert.equal(
      ok(normaliseEvent("user_action", { action: "a", details: { s: "x".repeat(10) } }, small)).data.action,
      "a",
    );
    assert.deepEqual(
      errors(normaliseEvent("user_action", { action: "a", details: { a: { s: "x".repeat(11) } } }, small)),
      [{ field: "details.a.s", message: "is longer than 10 characters" }],
    );
    assert.deepEqual(
      errors(normaliseEvent("user_action", { action: "a", details: { l: ["ok", "y".repeat(11)] } }, small)),
      [{ field: "details.l.1", message: "is longer than 10 characters" }],
    );
  });

  test("only JSON values are allowed", () => {
    assert.deepEqual(errors(normaliseEvent("user_action", { action: "a", details: { n: Number.NaN } }, ctx)), [
      { field: "details.n", message: "is not a finite number" },
    ]);
    assert.deepEqual(errors(normaliseEvent("user_action", { action: "a", details: { n: Infinity } }, ctx)), [
      { field: "details.n", message: "is not a finite number" },
    ]);
    assert.deepEqual(errors(normaliseEvent("user_action", { action: "a", details: { f: () => 1 } }, ctx)), [
      { field: "details.f", message: "is not a JSON value" },
    ]);
    assert.deepEqual(errors(normaliseEvent("user_action", { action: "a", details: { b: 1n } }, ctx)), [
      { field: "details.b", message: "is not a JSON value" },
    ]);
  });

  test("problems in details, context and the time are all reported together", () => {
    assert.deepEqual(
      errors(
        normaliseEvent(
          "error",
          { error_type: "E", error_message: "m", timestamp: NOW + DAY, context: { s: "x".repeat(11) } },
          small,
          "events[0]",
        ),
      ),
      [
        { field: "events[0].timestamp", message: "is more than 5 minutes in the future" },
        { field: "events[0].context.s", message: "is longer than 10 characters" },
      ],
    );
  });
});

describe("normaliseEvent: malformed Unicode", () => {
  test("a lone surrogate in a field is rejected, naming the field", () => {
    assert.deepEqual(errors(normaliseEvent("user_action", { action: "click\uD800" }, ctx)), [
      { field: "action", message: "contains invalid Unicode (a lone surrogate)" },
    ]);
    assert.deepEqual(errors(normaliseEvent("user_action", { action: "a", user_id: "\uDC00u" }, ctx, "events[2]")), [
      { field: "events[2].user_id", message: "contains invalid Unicode (a lone surrogate)" },
    ]);
  });

  test("inside free-form data it is named by its path, in values and in keys", () => {
    assert.deepEqual(errors(normaliseEvent("user_action", { action: "a", details: { a: ["ok", "\uD83D"] } }, ctx)), [
      { field: "details.a.1", message: "contains invalid Unicode (a lone surrogate)" },
    ]);
    assert.deepEqual(errors(normaliseEvent("user_action", { action: "a", details: { n: { "k\uDFFF": 1 } } }, ctx)), [
      { field: "details.n", message: "has a key with invalid Unicode (a lone surrogate)" },
    ]);
  });

  test("a well-formed surrogate pair (emoji) is accepted", () => {
    const record = ok(normaliseEvent("user_action", { action: "smile \uD83D\uDE00", details: { e: "😀" } }, ctx));
    assert.equal(record.data.action, "smile 😀");
  });
});
