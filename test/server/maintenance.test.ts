import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { verifyBackup } from "../../src/backup/manifest.js";
import { type TestApp, testApp } from "../helpers/test-app.js";

const API = "/api/analytics";
const DAY = 86_400_000;

describe("POST /api/analytics/maintenance/cleanup", () => {
  let t: TestApp;
  let readKey: string;
  before(async () => {
    t = await testApp({ retentionDays: 365, retentionByType: { error: 200 } });
    readKey = (await t.call({ method: "POST", url: `${API}/keys`, payload: { name: "r", scopes: ["read"] } })).json()
      .key;
    const now = Date.now();
    const request = (id: string, ageDays: number) =>
      t.service.trackApiRequest({
        eventId: id,
        timestamp: now - ageDays * DAY,
        endpoint: "/x",
        method: "GET",
        statusCode: 200,
        responseTime: 5,
      });
    await request("req-100d", 100);
    await request("req-10d", 10);
    await t.service.trackError({ eventId: "err-250d", timestamp: now - 250 * DAY, errorType: "E", errorMessage: "m" });
    await t.service.trackError({ eventId: "err-150d", timestamp: now - 150 * DAY, errorType: "E", errorMessage: "m" });
    await t.service.trackUserAction({ eventId: "act-300d", timestamp: now - 300 * DAY, action: "a" });
    await t.service.pipeline.drain();
  });
  after(() => t.close());

  const cleanup = (payload?: object, key?: string | null) =>
    t.call({ method: "POST", url: `${API}/maintenance/cleanup`, ...(payload ? { payload } : {}), key });
  const storedIds = async () =>
    (await t.call({ method: "GET", url: `${API}/events?limit=100` }))
      .json()
      .events.map((e: { event_id: string }) => e.event_id);

  test("the settings: error events keep 200 days, the rest 365; answers per type", async () => {
    const res = await cleanup();
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual(body.deleted, {
      user_action: 0,
      api_request: 0,
      cognitive_process: 0,
      system_metric: 0,
      error: 1,
      performance: 0,
      session_start: 0,
      session_end: 0,
    });
    assert.equal(body.total, 1);
    assert.equal(body.days.error, 200);
    assert.equal(body.days.api_request, 365);
    assert.deepEqual((await storedIds()).sort(), ["act-300d", "err-150d", "req-100d", "req-10d"]);
  });

  test("the body overrides days per type for this run only; the run is audited", async () => {
    const res = await cleanup({ retention_days: 320, retention_by_type: { api_request: 30 } });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.deleted.api_request, 1);
    assert.equal(body.deleted.user_action, 0);
    assert.equal(body.deleted.error, 0, "error keeps the setting's 200 days: the 150-day event stays");
    assert.deepEqual([body.days.api_request, body.days.user_action, body.days.error], [30, 320, 200]);
    assert.deepEqual((await storedIds()).sort(), ["act-300d", "err-150d", "req-10d"]);

    const entries = (await t.call({ method: "GET", url: `${API}/audit?action=retention.cleanup` })).json().entries;
    assert.equal(entries.length, 2);
    assert.deepEqual(
      [entries[0].actor, entries[0].ip, entries[0].outcome, entries[0].details.deleted.api_request],
      ["admin", "127.0.0.1", "ok", 1],
    );
    assert.deepEqual(entries[0].details.override, { retentionDays: 320, retentionByType: { api_request: 30 } });
  });

  test("failure answers: a retention of 0 or less is 400 naming the field; unknown types too; 401, 403", async () => {
    const fields = async (payload: object) =>
      (await cleanup(payload)).json().details.map((d: { field: string }) => d.field);
    assert.equal((await cleanup({ retention_by_type: { api_request: 0 } })).statusCode, 400);
    assert.deepEqual(await fields({ retention_by_type: { api_request: 0 } }), ["retention_by_type.api_request"]);
    assert.deepEqual(await fields({ retention_days: -5 }), ["retention_days"]);
    assert.deepEqual(await fields({ retention_days: 1.5 }), ["retention_days"]);
    assert.deepEqual(await fields({ retention_by_type: { page_view: 3 } }), ["retention_by_type.page_view"]);
    assert.equal((await cleanup({}, null)).statusCode, 401);
    assert.equal((await cleanup({}, readKey)).statusCode, 403);
    assert.deepEqual((await storedIds()).sort(), ["act-300d", "err-150d", "req-10d"], "refused runs delete nothing");
  });
});

describe("POST /api/analytics/maintenance/backup", () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
    for (let i = 0; i < 3; i++) await t.service.trackUserAction({ eventId: `b-${i}`, action: "a" });
  });
  after(() => t.close());

  test("writes a verified backup under <dataDirectory>/backups, answers its tables and rows, audited", async () => {
    const res = await t.call({ method: "POST", url: `${API}/maintenance/backup` });
    assert.equal(res.statusCode, 201, res.body);
    const made = res.json();
    assert.equal(made.engine, "duckdb");
    assert.equal(made.path, join(t.dir, "backups", made.name));
    assert.deepEqual(
      made.tables.map((x: { table: string; rows: number }) => [x.table, x.rows]),
      [
        ["events", 3],
        ["loader_checkpoints", 1],
        ["api_keys", 0],
        ["prices", 0],
        // The retention settings recorded at the first start.
        ["audit_log", 1],
        ["alert_rules", 0],
        ["alerts", 0],
        ["dashboards", 0],
        ["report_schedules", 0],
        ["report_runs", 0],
      ],
    );
    const manifest = await verifyBackup(made.path);
    assert.equal(manifest.name, made.name);
    assert.deepEqual((await readdir(made.path)).sort(), [
      "alert_rules.parquet",
      "alerts.parquet",
      "api_keys.parquet",
      "audit_log.parquet",
      "dashboards.parquet",
      "events.parquet",
      "loader_checkpoints.parquet",
      "manifest.json",
      "prices.parquet",
      "report_runs.parquet",
      "report_schedules.parquet",
    ]);
    const [entry] = (await t.call({ method: "GET", url: `${API}/audit?action=backup.create` })).json().entries;
    assert.deepEqual(
      [entry.actor, entry.outcome, entry.details.name, entry.details.rows.events],
      ["admin", "ok", made.name, 3],
    );
  });

  test("401 without a key, 403 without admin", async () => {
    assert.equal((await t.call({ method: "POST", url: `${API}/maintenance/backup`, key: null })).statusCode, 401);
    const { key } = (
      await t.call({ method: "POST", url: `${API}/keys`, payload: { name: "i", scopes: ["ingest", "read"] } })
    ).json();
    assert.equal((await t.call({ method: "POST", url: `${API}/maintenance/backup`, key })).statusCode, 403);
  });
});
