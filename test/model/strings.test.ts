import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Type } from "@sinclair/typebox";
import { idString, isWellFormed, MAX_ID_LENGTH, wellFormedString } from "../../src/model/strings.js";
import { check } from "../../src/model/validate.js";

describe("strings", () => {
  test("an id is 1 to 128 characters", () => {
    assert.equal(MAX_ID_LENGTH, 128);
    const schema = Type.Object({ id: idString("An id") });
    assert.deepEqual(check(schema, { id: "x".repeat(128) }), []);
    assert.deepEqual(check(schema, { id: "x".repeat(129) }), [
      { field: "id", message: "must NOT have more than 128 characters" },
    ]);
    assert.deepEqual(check(schema, { id: "" }), [{ field: "id", message: "must NOT have fewer than 1 characters" }]);
    assert.equal(idString("An id").description, "An id");
  });

  test("isWellFormed tells a lone surrogate from a pair", () => {
    assert.equal(isWellFormed("plain"), true);
    assert.equal(isWellFormed("😀"), true);
    assert.equal(isWellFormed("\uD83D"), false);
    assert.equal(isWellFormed("x\uDE00y"), false);
  });

  test("a well-formed string keeps the caller's other rules", () => {
    const schema = Type.Object({ s: wellFormedString({ minLength: 2, maxLength: 4 }) });
    assert.deepEqual(check(schema, { s: "ab" }), []);
    assert.deepEqual(check(schema, { s: "a" }), [{ field: "s", message: "must NOT have fewer than 2 characters" }]);
  });
});
