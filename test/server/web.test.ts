import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { WEB_ROOT } from "../../src/server/routes/web.js";
import { type TestApp, testApp } from "../helpers/test-app.js";

describe("the web dashboard's files at /dashboard (built by npm run build)", () => {
  let t: TestApp;
  before(async () => {
    assert.ok(existsSync(join(WEB_ROOT, "index.html")), `no ${WEB_ROOT}index.html: run npm run build first`);
    t = await testApp();
  });
  after(() => t.close());

  for (const url of ["/dashboard", "/dashboard/", "/dashboard/?dashboard=technical&hours=168"]) {
    test(`GET ${url} is the page, without a key, under a CSP that forbids inline scripts`, async () => {
      const res = await t.call({ method: "GET", url, key: null });
      assert.equal(res.statusCode, 200);
      assert.match(res.headers["content-type"] as string, /^text\/html/);
      assert.equal(res.headers["cache-control"], "no-cache");
      const csp = res.headers["content-security-policy"] as string;
      assert.match(csp, /(^|;)script-src 'self';/);
      assert.match(csp, /(^|;)default-src 'self';/);
      assert.doesNotMatch(csp, /unsafe-eval/);
      assert.match(res.body, /<script type="module" src="\/dashboard\/app.js"><\/script>/);
      assert.deepEqual(
        res.body.match(/<script[^>]*>/g),
        ['<script type="module" src="/dashboard/app.js">'],
        "no inline script",
      );
    });
  }

  test("its script and style sheet are served from this origin, bundled (no CDN)", async () => {
    const js = await t.call({ method: "GET", url: "/dashboard/app.js", key: null });
    assert.equal(js.statusCode, 200);
    assert.match(js.headers["content-type"] as string, /javascript/);
    assert.doesNotMatch(js.body, /https?:\/\/cdn/i);
    const css = await t.call({ method: "GET", url: "/dashboard/styles.css", key: null });
    assert.equal(css.statusCode, 200);
    assert.match(css.headers["content-type"] as string, /^text\/css/);
  });

  test("an unknown file is a JSON 404, another method a 405", async () => {
    const missing = await t.call({ method: "GET", url: "/dashboard/nothing.js", key: null });
    assert.equal(missing.statusCode, 404);
    assert.equal(typeof missing.json().error, "string");
    const outside = await t.call({ method: "GET", url: "/dashboard/..%2f..%2fpackage.json", key: null });
    assert.equal(outside.statusCode, 404);
    const post = await t.call({ method: "POST", url: "/dashboard", key: null, payload: {} });
    assert.equal(post.statusCode, 405);
  });
});
