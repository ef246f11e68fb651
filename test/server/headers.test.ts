import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestApp, testApp } from "../helpers/test-app.js";

const API = "/api/analytics";

/** Every directive of a Content-Security-Policy header, by name. */
function directives(csp: string): Record<string, string> {
  return Object.fromEntries(
    csp
      .split(";")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name = "", ...values] = d.split(/\s+/);
        return [name, values.join(" ")];
      }),
  );
}

describe("security headers", () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  const answers = () => [
    t.call({ method: "GET", url: `${API}/health`, key: null }),
    t.call({ method: "POST", url: `${API}/track/action`, payload: { action: "x" } }),
    t.call({ method: "POST", url: `${API}/track/action`, payload: {} }),
    t.call({ method: "GET", url: `${API}/events`, key: null }),
    t.call({ method: "GET", url: `${API}/nothing-here` }),
    t.call({ method: "GET", url: "/docs/", key: null }),
    t.call({ method: "GET", url: "/docs/json", key: null }),
  ];

  test("every answer, success or failure, carries nosniff, frame protection and the CSP", async () => {
    const res = await Promise.all(answers());
    assert.deepEqual(
      res.map((r) => r.statusCode),
      [200, 201, 400, 401, 404, 200, 200],
    );
    for (const r of res) {
      assert.equal(r.headers["x-content-type-options"], "nosniff");
      assert.equal(r.headers["x-frame-options"], "DENY");
      assert.deepEqual(directives(r.headers["content-security-policy"] as string), {
        "default-src": "'self'",
        "base-uri": "'self'",
        "font-src": "'self' data:",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
        "img-src": "'self' data:",
        "object-src": "'none'",
        "script-src": "'self'",
        "script-src-attr": "'none'",
        "style-src": "'self' 'unsafe-inline'",
      });
      assert.equal(r.headers["referrer-policy"], "no-referrer");
      assert.equal(r.headers["strict-transport-security"], undefined, "plain HTTP: HSTS is the TLS proxy's");
    }
  });

  test("the docs page loads under the CSP: no inline script, every script and stylesheet from this origin", async () => {
    const page = await t.call({ method: "GET", url: "/docs/", key: null });
    assert.equal(page.statusCode, 200);
    const scripts = [...page.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 3);
    const links = [...page.body.matchAll(/<link[^>]*href="([^"]+)"/g)].map((m) => m[1] as string);
    const sources = scripts.map(([, attrs = "", body = ""]) => {
      assert.equal(body.trim(), "", "inline scripts are refused by script-src 'self'");
      return /src="([^"]+)"/.exec(attrs)?.[1] as string;
    });
    assert.doesNotMatch(page.body, /\son[a-z]+="/, "inline event handlers are refused by script-src-attr 'none'");
    for (const src of [...sources, ...links]) {
      assert.ok(!/^[a-z]+:|^\/\//i.test(src), `${src} is on this origin`);
      const res = await t.call({ method: "GET", url: new URL(src, "http://x/docs/").pathname, key: null });
      assert.equal(res.statusCode, 200, src);
    }
  });

  test("the answer that shows a new key's secret is never cached", async () => {
    const res = await t.call({ method: "POST", url: `${API}/keys`, payload: { name: "cache test", scopes: ["read"] } });
    assert.equal(res.statusCode, 201);
    assert.equal(res.headers["cache-control"], "no-store");
    assert.equal(res.headers["x-content-type-options"], "nosniff");
  });
});
