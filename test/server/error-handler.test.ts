import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { echoedFieldErrors, MAX_ECHOED_FIELD_LENGTH } from "../../src/server/error-handler.js";
import { type TestApp, testApp } from "../helpers/test-app.js";

const API = "/api/analytics";

describe("echoed field names", () => {
  test("a name up to 128 characters is repeated whole; a longer one is cut to 127 and an ellipsis", () => {
    assert.equal(MAX_ECHOED_FIELD_LENGTH, 128);
    const [whole, cut] = echoedFieldErrors([
      { field: "a".repeat(128), message: "is not a known field" },
      { field: "b".repeat(129), message: "is not a known field" },
    ]);
    assert.deepEqual(whole, { field: "a".repeat(128), message: "is not a known field" });
    assert.deepEqual(cut, { field: `${"b".repeat(127)}…`, message: "is not a known field" });
  });

  test("a cut never splits a surrogate pair", () => {
    // 126 letters, then 😀 (two UTF-16 units at 126 and 127): the cut at 127 would halve it, so it goes before.
    const [e] = echoedFieldErrors([{ field: `${"c".repeat(126)}😀😀`, message: "m" }]);
    assert.equal(e?.field, `${"c".repeat(126)}…`);
  });
});

describe("400 answers name a long unknown field by its first 127 characters", () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  const long = "z".repeat(10_000);

  test("a single event (schema validation)", async () => {
    const res = await t.call({ method: "POST", url: `${API}/track/action`, payload: { action: "login", [long]: 1 } });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), {
      error: "Invalid request",
      details: [{ field: `${"z".repeat(127)}…`, message: "is not a known field" }],
    });
  });

  test("a batch with no valid event (a typed validation error)", async () => {
    const res = await t.call({
      method: "POST",
      url: `${API}/track/batch`,
      payload: { events: [{ event_type: "user_action", action: "login", [long]: 1 }] },
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), {
      error: "No event in the batch is valid",
      details: [{ field: `events.0.${"z".repeat(118)}…`, message: "is not a known field" }],
    });
  });

  test("a batch's rejected items in a 201 answer", async () => {
    const res = await t.call({
      method: "POST",
      url: `${API}/track/batch`,
      payload: {
        events: [
          { event_type: "user_action", action: "ok" },
          { event_type: "user_action", [long]: 1 },
        ],
      },
    });
    assert.equal(res.statusCode, 201);
    assert.deepEqual(res.json().rejected, [
      {
        index: 1,
        errors: [
          { field: "action", message: "is required" },
          { field: `${"z".repeat(127)}…`, message: "is not a known field" },
        ],
      },
    ]);
  });
});
