import assert from "node:assert/strict";
import { after, before, describe, mock, test } from "node:test";
import { ADMIN_KEY, type TestApp, testApp } from "../helpers/test-app.js";

const API = "/api/analytics";

describe("rate limits: per key, and failed authentications per IP", () => {
  let t: TestApp;
  // Made with the admin key, which is limited too: 4 of its 5 requests this minute.
  const keys: Record<"a" | "b" | "good" | "reader", string> = { a: "", b: "", good: "", reader: "" };
  before(async () => {
    t = await testApp({ rateLimitPerMinute: 5, authFailureLimitPerMinute: 2 });
    for (const name of ["a", "b", "good", "reader"] as const) {
      const scopes = name === "reader" ? ["read"] : ["ingest", "read"];
      keys[name] = (await t.call({ method: "POST", url: `${API}/keys`, payload: { name, scopes } })).json().key;
    }
  });
  after(() => t.close());
  const action = (key: string | null, remoteAddress = "127.0.0.1") =>
    t.call({ method: "POST", url: `${API}/track/action`, payload: { action: "x" }, key, remoteAddress });

  test("a key gets its limit, then 429 with Retry-After; other keys are counted apart; a minute later it works again", async () => {
    mock.timers.enable({ apis: ["Date"], now: Date.now() });
    try {
      const { a, b } = keys;
      for (let i = 0; i < 5; i++) assert.equal((await action(a)).statusCode, 201);
      const refused = await action(a);
      assert.equal(refused.statusCode, 429);
      assert.deepEqual(refused.json(), { error: "Rate limit of 5 requests a minute exceeded for API key 'a'" });
      assert.equal(refused.headers["retry-after"], "60");
      // A batch is one request; reads count too.
      assert.equal((await t.call({ method: "GET", url: `${API}/events`, key: a })).statusCode, 429);
      assert.equal((await action(b)).statusCode, 201);

      mock.timers.tick(30_000);
      assert.equal((await action(a)).headers["retry-after"], "30");
      mock.timers.tick(30_000);
      assert.equal((await action(a)).statusCode, 201);
    } finally {
      mock.timers.reset();
    }
  });

  test("after 2 failed authentications an IP gets 429 for a minute, even with a good key; other IPs do not", async () => {
    mock.timers.enable({ apis: ["Date"], now: Date.now() });
    try {
      const { good, reader } = keys;
      const ip = "192.0.2.7";
      assert.equal((await action("dte_wrong", ip)).statusCode, 401);
      assert.equal((await action(null, ip)).statusCode, 401);
      const blocked = await action(good, ip);
      assert.equal(blocked.statusCode, 429);
      assert.deepEqual(blocked.json(), {
        error: "Too many failed authentications from this address (at most 2 a minute); retry later",
      });
      assert.equal(blocked.headers["retry-after"], "60");
      // Public routes stay open to it; a wrong scope (403) is not a failed authentication.
      assert.equal(
        (await t.call({ method: "GET", url: `${API}/health`, key: null, remoteAddress: ip })).statusCode,
        200,
      );
      assert.equal((await action(good, "192.0.2.8")).statusCode, 201);
      for (let i = 0; i < 3; i++) assert.equal((await action(reader, "192.0.2.9")).statusCode, 403);
      mock.timers.tick(60_000);
      assert.equal((await action(good, ip)).statusCode, 201);
    } finally {
      mock.timers.reset();
    }
  });

  test("the admin key is limited too", async () => {
    const codes = [];
    for (let i = 0; i < 2; i++)
      codes.push((await t.call({ method: "GET", url: `${API}/keys`, key: ADMIN_KEY })).statusCode);
    assert.deepEqual(codes, [200, 429]);
  });
});

describe("rate limits set to 0 are off", () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ rateLimitPerMinute: 0, authFailureLimitPerMinute: 0 });
  });
  after(() => t.close());

  test("no 429 however many requests and failures", async () => {
    const codes = new Set<number>();
    for (let i = 0; i < 40; i++) {
      codes.add((await t.call({ method: "GET", url: `${API}/keys` })).statusCode);
      codes.add((await t.call({ method: "GET", url: `${API}/keys`, key: "dte_wrong" })).statusCode);
    }
    assert.deepEqual([...codes].sort(), [200, 401]);
  });
});
