import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestApp, testApp } from "../helpers/test-app.js";

const API = "/api/analytics";
const APP = "https://app.example.com";
const EVIL = "https://evil.example";

describe("CORS for keys limited to browser origins", () => {
  let t: TestApp;
  let browserKey = "";
  let serverKey = "";
  before(async () => {
    t = await testApp();
    const make = async (payload: object) =>
      (await t.call({ method: "POST", url: `${API}/keys`, payload })).json().key as string;
    browserKey = await make({ name: "web", scopes: ["ingest", "read"], allowed_origins: [APP] });
    serverKey = await make({ name: "backend", scopes: ["ingest"] });
  });
  after(() => t.close());

  const track = (key: string, origin?: string, payload: object = { action: "click" }) =>
    t.call({ method: "POST", url: `${API}/track/action`, payload, key, headers: origin ? { origin } : {} });
  const preflight = (url: string, origin: string) =>
    t.call({
      method: "OPTIONS",
      url,
      key: null,
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization" },
    });

  test("a preflight on an ingest route from a listed origin is allowed", async () => {
    const res = await preflight(`${API}/track/action`, APP);
    assert.equal(res.statusCode, 204);
    assert.equal(res.headers["access-control-allow-origin"], APP);
    assert.equal(res.headers["access-control-allow-methods"], "POST");
    assert.equal(res.headers["access-control-allow-headers"], "Authorization, Content-Type");
    assert.equal(res.headers["access-control-max-age"], "600");
    assert.equal(res.headers.vary, "Origin");
    const session = await preflight(`${API}/session/abc/end`, APP);
    assert.equal(session.headers["access-control-allow-origin"], APP);
  });

  test("a preflight from an unlisted origin, or on a non-ingest route, gets no CORS headers", async () => {
    for (const res of [await preflight(`${API}/track/action`, EVIL), await preflight(`${API}/events`, APP)]) {
      assert.equal(res.statusCode, 204);
      assert.equal(res.headers["access-control-allow-origin"], undefined);
      assert.equal(res.headers["access-control-allow-methods"], undefined);
    }
  });

  test("the actual request: the key's own origin may read the answer; another origin is refused with 403", async () => {
    const ok = await track(browserKey, APP);
    assert.equal(ok.statusCode, 201);
    assert.equal(ok.headers["access-control-allow-origin"], APP);
    assert.equal(ok.headers["access-control-expose-headers"], "Retry-After");

    const bad = await track(browserKey, EVIL);
    assert.equal(bad.statusCode, 403);
    assert.deepEqual(bad.json(), { error: "This API key may not be used from this origin" });
    assert.equal(bad.headers["access-control-allow-origin"], undefined);

    // A bad body from the right origin: the error is readable by that origin too.
    const invalid = await track(browserKey, APP, { action: 5 });
    assert.equal(invalid.statusCode, 400);
    assert.equal(invalid.headers["access-control-allow-origin"], APP);
  });

  test("a key without origins works without an Origin header and never gets CORS headers", async () => {
    const plain = await t.call({
      method: "POST",
      url: `${API}/track/action`,
      payload: { action: "x" },
      key: browserKey,
    });
    assert.equal(plain.statusCode, 201);
    const server = await track(serverKey, APP);
    assert.equal(server.statusCode, 201);
    assert.equal(server.headers["access-control-allow-origin"], undefined);
  });

  test("a revoked key's origins stop being offered", async () => {
    const made = await t.call({
      method: "POST",
      url: `${API}/keys`,
      payload: { name: "tmp", scopes: ["ingest"], allowed_origins: ["http://localhost:5173"] },
    });
    assert.equal(
      (await preflight(`${API}/track/batch`, "http://localhost:5173")).headers["access-control-allow-origin"],
      "http://localhost:5173",
    );
    await t.call({ method: "DELETE", url: `${API}/keys/${made.json().id}` });
    assert.equal(
      (await preflight(`${API}/track/batch`, "http://localhost:5173")).headers["access-control-allow-origin"],
      undefined,
    );
  });
});
