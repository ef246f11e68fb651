import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ValidationError } from "../../src/errors.js";
import { toCamelField, toSnakeBody, withCamelFields } from "../../src/model/case.js";

describe("toSnakeBody", () => {
  test("renames camelCase fields to snake_case and keeps values", () => {
    assert.deepEqual(
      toSnakeBody({ eventId: "e1", userId: "u1", sessionId: null, statusCode: 200, responseTime: 1.5, method: "GET" }),
      { event_id: "e1", user_id: "u1", session_id: null, status_code: 200, response_time: 1.5, method: "GET" },
    );
  });

  test("a Date becomes epoch milliseconds; numbers and strings stay as they are", () => {
    assert.deepEqual(toSnakeBody({ timestamp: new Date("2026-01-01T00:00:01.500Z") }), {
      timestamp: 1_767_225_601_500,
    });
    assert.deepEqual(toSnakeBody({ timestamp: 5 }), { timestamp: 5 });
    assert.deepEqual(toSnakeBody({ timestamp: "2026-01-01T00:00:00Z" }), { timestamp: "2026-01-01T00:00:00Z" });
  });

  test("networkIo's own keys are renamed too", () => {
    assert.deepEqual(toSnakeBody({ cpuUsage: 1, networkIo: { bytesIn: 10, bytesOut: 20 } }), {
      cpu_usage: 1,
      network_io: { bytes_in: 10, bytes_out: 20 },
    });
  });

  test("details and context are the user's own: their keys are untouched", () => {
    assert.deepEqual(
      toSnakeBody({ details: { pageName: "x", nestedObj: { innerKey: 1 } }, context: { retryCount: 2 } }),
      {
        details: { pageName: "x", nestedObj: { innerKey: 1 } },
        context: { retryCount: 2 },
      },
    );
  });

  test("undefined values and already snake_case keys pass through", () => {
    const out = toSnakeBody({ user_id: "u", model: undefined });
    assert.deepEqual(Object.keys(out), ["user_id", "model"]);
    assert.equal(out.user_id, "u");
    assert.equal(out.model, undefined);
  });
});

describe("toCamelField", () => {
  test("renames the field and, for network_io, its sub-fields", () => {
    assert.equal(toCamelField("status_code"), "statusCode");
    assert.equal(toCamelField("network_io.bytes_in"), "networkIo.bytesIn");
    assert.equal(toCamelField("action"), "action");
  });

  test("paths inside the user's free-form data keep their own names", () => {
    assert.equal(toCamelField("details.page_name"), "details.page_name");
    assert.equal(toCamelField("context.a_b.c_d"), "context.a_b.c_d");
  });
});

describe("withCamelFields", () => {
  test("re-throws a validation error with camelCase field names", async () => {
    const failing = Promise.reject(
      new ValidationError("Invalid event", [
        { field: "status_code", message: "must be >= 100" },
        { field: "network_io.bytes_out", message: "must be >= 0" },
      ]),
    );
    await assert.rejects(withCamelFields(failing), (err: unknown) => {
      assert.ok(err instanceof ValidationError);
      assert.equal(err.message, "Invalid event");
      assert.equal(err.status, 400);
      assert.deepEqual(err.details, [
        { field: "statusCode", message: "must be >= 100" },
        { field: "networkIo.bytesOut", message: "must be >= 0" },
      ]);
      return true;
    });
  });

  test("passes values and other errors through unchanged", async () => {
    assert.equal(await withCamelFields(Promise.resolve(7)), 7);
    const other = new Error("disk on fire");
    await assert.rejects(withCamelFields(Promise.reject(other)), (err) => err === other);
  });
});
