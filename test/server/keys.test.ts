import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestApp, testApp } from "../helpers/test-app.js";

const API = "/api/analytics";

describe("API keys", () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  const create = (payload: object, key?: string | null) => t.call({ method: "POST", url: `${API}/keys`, payload, key });
  const action = (key: string) => t.call({ method: "POST", url: `${API}/track/action`, payload: { action: "x" }, key });

  test("create shows the key once; list shows no secret; the key works for its scope only", async () => {
    const res = await create({ name: "web app", scopes: ["ingest"] });
    assert.equal(res.statusCode, 201);
    const { id, key } = res.json();
    assert.match(key, /^dte_[A-Za-z0-9_-]{32}$/);
    assert.equal((await action(key)).statusCode, 201);
    assert.equal((await t.call({ method: "GET", url: `${API}/keys`, key })).statusCode, 403);

    const list = await t.call({ method: "GET", url: `${API}/keys` });
    assert.equal(list.statusCode, 200);
    const entry = list.json().keys.find((k: { id: string }) => k.id === id);
    assert.deepEqual(Object.keys(entry).sort(), ["created_at", "id", "name", "revoked_at", "scopes"]);
    assert.equal(entry.name, "web app");
    assert.deepEqual(entry.scopes, ["ingest"]);
    assert.equal(entry.revoked_at, null);
    assert.ok(!list.body.includes(key));

    const stored = await t.service.store.listApiKeys();
    assert.ok(!JSON.stringify(stored).includes(key), "only the hash is stored");
  });

  test("revoking stops the key at once; revoking an unknown id is 404", async () => {
    const { id, key } = (await create({ name: "temp", scopes: ["ingest", "read"] })).json();
    assert.equal((await action(key)).statusCode, 201);
    const del = await t.call({ method: "DELETE", url: `${API}/keys/${id}` });
    assert.equal(del.statusCode, 204);
    assert.equal((await action(key)).statusCode, 401);
    const listed = (await t.call({ method: "GET", url: `${API}/keys` }))
      .json()
      .keys.find((k: { id: string }) => k.id === id);
    assert.notEqual(listed.revoked_at, null);
    assert.equal((await t.call({ method: "DELETE", url: `${API}/keys/no-such-key` })).statusCode, 404);
  });

  test("an admin-scoped key may manage keys", async () => {
    const { key } = (await create({ name: "ops", scopes: ["admin"] })).json();
    assert.equal((await create({ name: "by ops", scopes: ["read"] }, key)).statusCode, 201);
  });

  test("failure answers: 400 bad body, 401 no key, 403 non-admin", async () => {
    const bad = await create({ name: "", scopes: ["write"] });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad
        .json()
        .details.map((d: { field: string }) => d.field)
        .sort(),
      ["name", "scopes.0"],
    );
    const surrogate = await create({ name: "bad\uD800name", scopes: ["read"] });
    assert.equal(surrogate.statusCode, 400);
    assert.deepEqual(surrogate.json().details, [
      { field: "name", message: "contains invalid Unicode (a lone surrogate)" },
    ]);
    const long = await create({ name: "n".repeat(129), scopes: ["read"] });
    assert.deepEqual(long.json().details, [{ field: "name", message: "must NOT have more than 128 characters" }]);
    assert.equal((await create({ name: "😀".repeat(64), scopes: ["read"] })).statusCode, 201);
    const empty = await create({ name: "n", scopes: [] });
    assert.equal(empty.json().details[0].field, "scopes");
    assert.equal((await create({ name: "n", scopes: ["read"] }, null)).statusCode, 401);
    const { key } = (await create({ name: "reader", scopes: ["read"] })).json();
    assert.equal((await create({ name: "n", scopes: ["read"] }, key)).statusCode, 403);
    assert.equal((await t.call({ method: "DELETE", url: `${API}/keys/x`, key })).statusCode, 403);
  });
});
