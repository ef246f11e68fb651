import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { failStreamsAfter } from "../exports/failing-store.js";
import { exportFixture, PERIOD, T0 } from "../exports/fixture.js";
import { readCsv, readNdjson } from "../exports/read-back.js";
import { runCli } from "../helpers/run-cli.js";
import { ADMIN_KEY, type TestApp, testApp } from "../helpers/test-app.js";

const API = "/api/analytics";
const IN_PERIOD = ["--from", PERIOD.from, "--to", PERIOD.to];

describe("dte-analytics export", () => {
  let t: TestApp;
  let url: string;
  let listed: Array<Record<string, unknown>>;
  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCli(["export", ...args, "--url", url], { ANALYTICS_API_KEY: ADMIN_KEY, ...env });

  before(async () => {
    t = await testApp({ retentionDays: 3650 });
    const res = await t.call({ method: "POST", url: `${API}/track/batch`, payload: { events: exportFixture() } });
    assert.equal(res.statusCode, 201, res.body);
    listed = (await t.call({ method: "GET", url: `${API}/events?from=${PERIOD.from}&to=${PERIOD.to}` })).json().events;
    url = await t.app.listen({ host: "127.0.0.1", port: 0 });
  });
  after(() => t.close());

  test("events as CSV into a file, with the progress bar; the file holds the listing's events", async () => {
    const out = join(t.dir, "events.csv");
    const r = await cli(["events", "--format", "csv", ...IN_PERIOD, "--out", out, "--progress"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /Exporting events \|.*\| 100% \| 6\/6 rows/);
    assert.match(r.stderr, /Wrote .*events\.csv: 6 rows, 0\.0 MB/);
    const rows = readCsv(await readFile(out, "utf8"));
    assert.deepEqual(
      rows.map((row) => row.event_id),
      listed.map((e) => e.event_id),
    );
    assert.deepEqual(
      JSON.parse(rows.find((row) => row.event_id === "a1")?.data ?? "").action,
      'comma, "quote"\nnew line',
    );
    assert.deepEqual(
      (await readdir(t.dir)).filter((f) => f.endsWith(".partial")),
      [],
    );
  });

  test("to stdout with filters (the key from ANALYTICS_API_KEY, no bar off a terminal)", async () => {
    const r = await cli(["events", "--format", "ndjson", ...IN_PERIOD, "--event-type", "api_request"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    assert.deepEqual(
      readNdjson(r.stdout),
      listed.filter((e) => e.event_type === "api_request"),
    );
  });

  test("a report's tables and a metric series", async () => {
    const report = await cli(["reports/user_behavior", "--format", "csv", "--from", PERIOD.from, "--to", PERIOD.to]);
    assert.equal(report.code, 0, report.stderr);
    const users = readCsv(report.stdout).filter((r) => r.report_table === "most_active_users");
    assert.deepEqual(
      users.map((u) => [u.user_id, u.events]),
      [
        ["u1", "5"],
        ["u2", "1"],
      ],
    );
    const series = await cli(["timeseries", "--metric", "events", "--format", "csv", ...IN_PERIOD]);
    assert.deepEqual(readCsv(series.stdout), [
      { timestamp: PERIOD.from, metric: "events", unit: "events", value: "6" },
    ]);
  });

  test("the server's 400 naming the field, a missing key, an unreachable server: exit 1", async () => {
    const bad = await cli(["events", "--user-id", "u1", "--metric", "events"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^Export failed: HTTP 400: .*\(metric does not apply to events exports\)/);
    const noKey = await runCli(["export", "events", "--url", url], { ANALYTICS_API_KEY: "" });
    assert.equal(noKey.code, 1);
    assert.match(noKey.stderr, /HTTP 401/);
    const away = await runCli(["export", "events", "--url", "http://127.0.0.1:9", "--key", ADMIN_KEY]);
    assert.equal(away.code, 1);
    assert.match(away.stderr, /Export failed: cannot reach http:\/\/127\.0\.0\.1:9/);
  });

  test("an export the server cuts short: exit 1 and no file left behind", async () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({
      event_type: "user_action",
      event_id: `bulk-${i}`,
      timestamp: T0 - 3_600_000 + i,
      action: "view",
    }));
    assert.equal(
      (await t.call({ method: "POST", url: `${API}/track/batch`, payload: { events: many } })).statusCode,
      201,
    );
    const restore = failStreamsAfter(t.service.store, 2000, "store lost");
    try {
      const out = join(t.dir, "cut.csv");
      const r = await cli([
        "events",
        "--format",
        "csv",
        "--from",
        new Date(T0 - 3_600_000).toISOString(),
        "--to",
        PERIOD.from,
        "--out",
        out,
      ]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^Export failed: the export stopped before its end/);
      assert.deepEqual(
        (await readdir(t.dir)).filter((f) => f.startsWith("cut.csv")),
        [],
      );
    } finally {
      restore();
    }
  });
});
