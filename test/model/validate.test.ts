import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Type } from "@sinclair/typebox";
import type { ErrorObject } from "ajv";
import { wellFormedString } from "../../src/model/strings.js";
import { check, coercingAjv, strictAjv, toFieldErrors } from "../../src/model/validate.js";

/** A minimal ajv error, as ajv reports it. */
function err(
  keyword: string,
  instancePath: string,
  params: Record<string, unknown> = {},
  message?: string,
): ErrorObject {
  return { keyword, instancePath, schemaPath: "#", params, ...(message === undefined ? {} : { message }) };
}

describe("toFieldErrors", () => {
  test("no errors gives no field errors", () => {
    assert.deepEqual(toFieldErrors(null), []);
    assert.deepEqual(toFieldErrors(undefined), []);
    assert.deepEqual(toFieldErrors([]), []);
  });

  test("a JSON pointer becomes a dotted field path", () => {
    assert.deepEqual(toFieldErrors([err("minimum", "/network_io/bytes_in", {}, "must be >= 0")]), [
      { field: "network_io.bytes_in", message: "must be >= 0" },
    ]);
  });

  test("escaped pointer characters are unescaped", () => {
    assert.deepEqual(toFieldErrors([err("type", "/details/a~1b/c~0d", {}, "must be string")]), [
      { field: "details.a/b.c~d", message: "must be string" },
    ]);
  });

  test("required names the missing property, under its parent", () => {
    assert.deepEqual(
      toFieldErrors([
        err("required", "", { missingProperty: "action" }, "must have required property 'action'"),
        err("required", "/network_io", { missingProperty: "bytes_in" }, "must have required property"),
      ]),
      [
        { field: "action", message: "is required" },
        { field: "network_io.bytes_in", message: "is required" },
      ],
    );
  });

  test("additionalProperties names the unknown field", () => {
    assert.deepEqual(
      toFieldErrors([
        err("additionalProperties", "", { additionalProperty: "extra" }, "must NOT have additional properties"),
        err("additionalProperties", "/network_io", { additionalProperty: "foo" }, "x"),
      ]),
      [
        { field: "extra", message: "is not a known field" },
        { field: "network_io.foo", message: "is not a known field" },
      ],
    );
  });

  test("a union failure keeps only its own message, dropping each branch's complaint", () => {
    assert.deepEqual(
      toFieldErrors([
        err("format", "/timestamp", {}, 'must match format "date-time"'),
        err("type", "/timestamp", {}, "must be integer"),
        err("anyOf", "/timestamp", {}, "must match a schema in anyOf"),
        err("type", "/cost", {}, "must be number"),
      ]),
      [
        { field: "timestamp", message: "does not match any allowed form" },
        { field: "cost", message: "must be number" },
      ],
    );
  });

  test("a union's own message when its schema gives one (x-error)", () => {
    const union = {
      ...err("anyOf", "/from", {}, "must match a schema in anyOf"),
      parentSchema: { "x-error": "is no time" },
    };
    assert.deepEqual(toFieldErrors([err("type", "/from", {}, "must be integer"), union]), [
      { field: "from", message: "is no time" },
    ]);
  });

  test("'X or null' reports X's complaint, since the value was not null", () => {
    const nullable = {
      ...err("anyOf", "/cost", {}, "must match a schema in anyOf"),
      parentSchema: { anyOf: [{ type: "number" }, { type: "null" }] },
    };
    assert.deepEqual(
      toFieldErrors([
        err("minimum", "/cost", {}, "must be >= 0"),
        err("type", "/cost", { type: "null" }, "must be null"),
        nullable,
      ]),
      [{ field: "cost", message: "must be >= 0" }],
    );
  });

  test("a bad key of a map is named by the map", () => {
    const key = {
      ...err("maxLength", "/network_io", { limit: 8 }, "must NOT have more than 8 characters"),
      propertyName: "x".repeat(9),
    };
    const names = err("propertyNames", "/network_io", { propertyName: "x".repeat(9) }, "property name must be valid");
    assert.deepEqual(toFieldErrors([key, names]), [
      { field: "network_io", message: "has a key longer than 8 characters" },
    ]);
    const empty = {
      ...err("minLength", "/network_io", { limit: 1 }, "must NOT have fewer than 1 characters"),
      propertyName: "",
    };
    assert.deepEqual(toFieldErrors([empty]), [{ field: "network_io", message: "has an empty key" }]);
  });

  test("oneOf is reported like anyOf", () => {
    assert.deepEqual(toFieldErrors([err("oneOf", "/x", {}, "must match exactly one schema in oneOf")]), [
      { field: "x", message: "does not match any allowed form" },
    ]);
  });

  test("the prefix names fields inside a batch; the root is 'body' without one", () => {
    assert.deepEqual(toFieldErrors([err("type", "/action", {}, "must be string")], "events[3]"), [
      { field: "events[3].action", message: "must be string" },
    ]);
    assert.deepEqual(toFieldErrors([err("type", "", {}, "must be object")]), [
      { field: "body", message: "must be object" },
    ]);
    assert.deepEqual(toFieldErrors([err("type", "", {}, "must be object")], "events[0]"), [
      { field: "events[0]", message: "must be object" },
    ]);
  });

  test("exact duplicates are reported once; a missing message reads 'is invalid'", () => {
    assert.deepEqual(
      toFieldErrors([err("type", "/a", {}, "must be string"), err("type", "/a", {}, "must be string"), err("x", "/b")]),
      [
        { field: "a", message: "must be string" },
        { field: "b", message: "is invalid" },
      ],
    );
  });
});

describe("check", () => {
  const schema = Type.Object(
    { name: Type.String({ minLength: 1 }), n: Type.Optional(Type.Integer({ minimum: 0 })) },
    { additionalProperties: false },
  );

  test("a valid value has no errors", () => {
    assert.deepEqual(check(schema, { name: "a", n: 3 }), []);
  });

  test("every bad field is named, with all errors at once", () => {
    assert.deepEqual(check(schema, { n: -1, other: true }), [
      { field: "name", message: "is required" },
      { field: "other", message: "is not a known field" },
      { field: "n", message: "must be >= 0" },
    ]);
  });

  test("bodies are never coerced: '3' is not an integer", () => {
    assert.deepEqual(check(schema, { name: "a", n: "3" }, "events[1]"), [
      { field: "events[1].n", message: "must be integer" },
    ]);
  });

  test("the coercing validator turns query-string text into numbers; the strict one does not", () => {
    const q = { type: "object", properties: { n: { type: "integer" } } };
    const coerced: Record<string, unknown> = { n: "42" };
    assert.equal(coercingAjv.validate(q, coerced), true);
    assert.equal(coerced.n, 42);
    const strict: Record<string, unknown> = { n: "42" };
    assert.equal(strictAjv.validate(q, strict), false);
    assert.equal(strict.n, "42");
  });

  test("a number must be finite: 1e999 and a 400-digit literal parse to Infinity and are refused", () => {
    const numbers = Type.Object({ x: Type.Number({ minimum: 0 }), n: Type.Optional(Type.Integer({ minimum: 0 })) });
    for (const raw of ['{"x": 1e999}', `{"x": ${"9".repeat(400)}}`, '{"x": 1, "n": 1e999}']) {
      const value = JSON.parse(raw) as Record<string, unknown>;
      const field = "n" in value ? "n" : "x";
      assert.deepEqual(check(numbers, value), [{ field, message: "must be a finite number" }], raw);
    }
    assert.deepEqual(check(numbers, { x: Number.NaN }), [{ field: "x", message: "must be a finite number" }]);
    assert.deepEqual(check(numbers, { x: -Infinity }), [{ field: "x", message: "must be a finite number" }]);
    assert.deepEqual(check(numbers, { x: "1" }), [{ field: "x", message: "must be number" }]);
    assert.deepEqual(check(Type.Object({ s: Type.String() }), { s: Infinity }), [
      { field: "s", message: "must be string" },
    ]);
    assert.deepEqual(check(numbers, { x: Number.MAX_VALUE }), []);
  });

  test("a well-formed string refuses a lone surrogate and accepts a surrogate pair", () => {
    const named = Type.Object({ name: wellFormedString({ maxLength: 8 }) });
    assert.deepEqual(check(named, { name: "ok \uD83D\uDE00" }), []);
    assert.deepEqual(check(named, { name: "bad\uD800" }), [
      { field: "name", message: "contains invalid Unicode (a lone surrogate)" },
    ]);
    assert.deepEqual(check(named, { name: "\uDC00" }), [
      { field: "name", message: "contains invalid Unicode (a lone surrogate)" },
    ]);
    assert.deepEqual(check(named, { name: "x".repeat(9) }), [
      { field: "name", message: "must NOT have more than 8 characters" },
    ]);
  });
});
