import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { generateKey, hashKey } from "../../src/auth/keys.js";
import { keyRecord } from "../helpers/key-record.js";
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
    assert.deepEqual(entry, {
      id,
      name: "web app",
      scopes: ["ingest"],
      created_at: entry.created_at,
      revoked_at: null,
      expires_at: null,
      allowed_origins: [],
    });
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

  test("a key may carry an expiry (ISO or epoch ms) and browser origins; the list shows both", async () => {
    const expires = Date.now() + 3_600_000;
    const res = await create({
      name: "browser",
      scopes: ["ingest"],
      expires_at: new Date(expires).toISOString(),
      allowed_origins: ["https://app.example.com", "http://localhost:3000"],
    });
    assert.equal(res.statusCode, 201);
    const epoch = await create({ name: "epoch", scopes: ["read"], expires_at: expires });
    assert.equal(epoch.statusCode, 201);
    const keys = (await t.call({ method: "GET", url: `${API}/keys` })).json().keys;
    const browser = keys.find((k: { id: string }) => k.id === res.json().id);
    assert.equal(browser.expires_at, new Date(expires).toISOString());
    assert.deepEqual(browser.allowed_origins, ["https://app.example.com", "http://localhost:3000"]);
    const byEpoch = keys.find((k: { id: string }) => k.id === epoch.json().id);
    assert.equal(byEpoch.expires_at, new Date(expires).toISOString());
  });

  test("an expired key is 401 'expired'", async () => {
    // The API refuses a past expiry, so the key that has run out is written to the store directly.
    const key = generateKey();
    await t.service.store.insertApiKey(
      keyRecord({
        id: "ran-out",
        scopes: ["ingest"],
        key_hash: hashKey(key),
        created_at: Date.now() - 2000,
        expires_at: Date.now() - 1000,
      }),
    );
    await t.service.keys.refresh();
    const res = await action(key);
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), { error: "This API key has expired" });
  });

  test("bad expiry and origins get 400 naming the field", async () => {
    const past = await create({ name: "n", scopes: ["read"], expires_at: "2020-01-01T00:00:00Z" });
    assert.equal(past.statusCode, 400);
    assert.deepEqual(past.json().details, [{ field: "expires_at", message: "must be in the future" }]);
    const notTime = await create({ name: "n", scopes: ["read"], expires_at: "tomorrow" });
    assert.equal(notTime.statusCode, 400);
    assert.equal(notTime.json().details[0].field, "expires_at");
    const origins = await create({
      name: "n",
      scopes: ["ingest"],
      allowed_origins: ["https://ok.example", "https://x/"],
    });
    assert.equal(origins.statusCode, 400);
    assert.deepEqual(origins.json().details, [
      {
        field: "allowed_origins.1",
        message: "must be an exact origin: http(s)://host[:port], lower case, no path or trailing slash",
      },
    ]);
    const notList = await create({ name: "n", scopes: ["ingest"], allowed_origins: "https://ok.example" });
    assert.equal(notList.statusCode, 400);
    assert.equal(notList.json().details[0].field, "allowed_origins");
  });
});
