import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runCli as cli } from "../helpers/run-cli.js";
import { ADMIN_KEY, type TestApp, testApp } from "../helpers/test-app.js";
import { load, recentRequests } from "../reports/fixture.js";

describe("dte-analytics report: a client of a running server", () => {
  let t: TestApp;
  let url = "";
  before(async () => {
    t = await testApp();
    await load(t, recentRequests());
    url = await t.app.listen({ host: "127.0.0.1", port: 0 });
  });
  after(() => t.close());

  test("json to stdout with --url and --key; csv to --out with ANALYTICS_URL and ANALYTICS_API_KEY", async () => {
    const json = await cli(["report", "technical_report", "--hours", "1", "--url", url, "--key", ADMIN_KEY]);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(JSON.parse(json.stdout).performance.p95_response_time, 95.05);
    const out = join(t.dir, "tech.csv");
    const csv = await cli(["report", "technical_report", "--format", "csv", "--tz", "Asia/Tokyo", "--out", out], {
      ANALYTICS_URL: url,
      ANALYTICS_API_KEY: ADMIN_KEY,
    });
    assert.equal(csv.code, 0, csv.stderr);
    assert.equal(csv.stdout, "");
    const body = await readFile(out, "utf8");
    assert.match(csv.stderr, new RegExp(`^Wrote ${out} \\(${Buffer.byteLength(body)} bytes\\)`));
    assert.ok(body.startsWith("section,performance\r\nmetric,value\r\ntotal_requests,100\r\n"));
  });

  test("the server's 400 naming the field, a 401, an unreachable server: exit 1 with the reason", async () => {
    const unknown = await cli(["report", "weekly", "--url", url, "--key", ADMIN_KEY]);
    assert.equal(unknown.code, 1);
    assert.match(
      unknown.stderr,
      /Report failed: HTTP 400: Unknown report type: weekly \(type must be one of executive_summary, technical_report, user_behavior\)/,
    );
    const period = await cli([
      "report",
      "user_behavior",
      "--hours",
      "2",
      "--from",
      "2026-01-01T00:00:00Z",
      "--url",
      url,
      "--key",
      ADMIN_KEY,
    ]);
    assert.equal(period.code, 1);
    assert.match(period.stderr, /HTTP 400: Invalid period \(hours cannot be combined with from\/to\)/);
    const noKey = await cli(["report", "user_behavior", "--url", url], { ANALYTICS_API_KEY: "" });
    assert.equal(noKey.code, 1);
    assert.match(noKey.stderr, /HTTP 401/);
    const down = await cli(["report", "user_behavior", "--url", "http://127.0.0.1:9", "--key", ADMIN_KEY]);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /Report failed: cannot reach http:\/\/127\.0\.0\.1:9/);
    const format = await cli(["report", "user_behavior", "--format", "xml", "--url", url]);
    assert.notEqual(format.code, 0);
    assert.match(format.stderr, /xml/);
  });
});
