import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Receiver, receiver } from "../alerts/receiver.js";
import { type TestApp, testApp } from "../helpers/test-app.js";

const API = "/api/analytics";
const SCHEDULES = `${API}/reports/schedules`;
const DELIVERIES = `${API}/reports/deliveries`;

const schedule = (webhook: string) => ({
  name: "Weekly tech",
  cron: "0 8 * * 1",
  report_type: "technical_report",
  period: "previous_week",
  format: "json",
  time_zone: "Europe/Berlin",
  recipients: { webhooks: [webhook] },
});

describe("report schedules over HTTP", () => {
  let t: TestApp;
  let hook: Receiver;
  let readKey: string;
  before(async () => {
    t = await testApp();
    hook = await receiver();
    readKey = (await t.call({ method: "POST", url: `${API}/keys`, payload: { name: "r", scopes: ["read"] } })).json()
      .key as string;
  });
  after(async () => {
    await t.close();
    await hook.close();
  });

  const fieldsOf = (res: { json(): { details: Array<{ field: string }> } }) => res.json().details.map((d) => d.field);
  const post = (payload: unknown) => t.call({ method: "POST", url: SCHEDULES, payload: payload as object });

  test("create, get, list, delete a schedule; each change audited", async () => {
    const created = await post(schedule(hook.url));
    assert.equal(created.statusCode, 201, created.body);
    const body = created.json();
    assert.deepEqual(
      { ...body, id: "", created_at: "", next_run_at: "" },
      {
        ...schedule(hook.url),
        id: "",
        recipients: { emails: [], webhooks: [hook.url], directory: false },
        enabled: true,
        created_at: "",
        next_run_at: "",
      },
    );
    // Mondays 08:00 in Berlin: 07:00 or 06:00 UTC, never before now.
    const next = Date.parse(body.next_run_at);
    assert.ok(next > Date.now());
    assert.equal(new Date(next).getUTCDay(), 1);
    assert.match(body.next_run_at, /T0[67]:00:00\.000Z$/);
    assert.deepEqual((await t.call({ method: "GET", url: `${SCHEDULES}/${body.id}` })).json(), body);
    assert.deepEqual((await t.call({ method: "GET", url: SCHEDULES })).json(), { schedules: [body] });

    const minimal = await post({
      name: "m",
      cron: "*/15 * * * *",
      report_type: "technical_report",
      recipients: { directory: true },
    });
    assert.equal(minimal.statusCode, 201);
    assert.deepEqual([minimal.json().period, minimal.json().format, minimal.json().time_zone], [24, "html", "UTC"]);

    assert.equal((await t.call({ method: "DELETE", url: `${SCHEDULES}/${body.id}` })).statusCode, 204);
    assert.equal((await t.call({ method: "DELETE", url: `${SCHEDULES}/${body.id}` })).statusCode, 404);
    assert.equal((await t.call({ method: "GET", url: `${SCHEDULES}/${body.id}` })).statusCode, 404);
    assert.deepEqual(
      (await t.call({ method: "GET", url: SCHEDULES })).json().schedules.map((s: { id: string }) => s.id),
      [minimal.json().id],
    );
    const audit = await t.service.audit.page({ limit: 20 });
    assert.deepEqual(
      audit
        .filter((e) => e.action.startsWith("reports.schedule"))
        .map((e) => [e.action, e.target, e.outcome])
        .reverse(),
      [
        ["reports.schedule.create", body.id, "ok"],
        ["reports.schedule.create", minimal.json().id, "ok"],
        ["reports.schedule.delete", body.id, "ok"],
      ],
    );
  });

  test("run now: the real report delivered, the run answered and in the delivery log, audited", async () => {
    const created = (await post(schedule(hook.url))).json();
    const res = await t.call({ method: "POST", url: `${SCHEDULES}/${created.id}/run` });
    assert.equal(res.statusCode, 200, res.body);
    const run = res.json();
    assert.equal(run.schedule_id, created.id);
    assert.equal(run.status, "delivered");
    assert.equal(run.manual, true);
    assert.equal(run.error, null);
    assert.deepEqual(
      run.deliveries.map((d: { channel: string; target: string; status: string; attempts: number }) => [
        d.channel,
        d.target,
        d.status,
        d.attempts,
      ]),
      [["webhook", hook.url, "delivered", 1]],
    );
    assert.equal(run.report.content_type, "application/json; charset=utf-8");
    const got = hook.received.at(-1);
    assert.equal(Buffer.byteLength(got?.body ?? ""), run.report.bytes);
    const report = JSON.parse(got?.body ?? "{}");
    assert.equal(report.report_type, "technical_report");
    // previous_week on Berlin's clocks: from a Monday's local midnight to the next one.
    assert.equal(report.period.time_zone, "Europe/Berlin");
    assert.equal(report.period.start, run.report.from);
    assert.equal(Date.parse(run.report.to) - Date.parse(run.report.from) >= 167 * 3_600_000, true);
    assert.equal(JSON.parse(String(got?.headers["x-report-metadata"])).run_id, run.id);

    const log = (await t.call({ method: "GET", url: `${DELIVERIES}?schedule=${created.id}` })).json();
    assert.deepEqual(log, { runs: [run] });
    assert.deepEqual((await t.call({ method: "GET", url: `${DELIVERIES}?schedule=none` })).json(), { runs: [] });
    const all = (await t.call({ method: "GET", url: `${DELIVERIES}?limit=1` })).json();
    assert.equal(all.runs.length, 1);
    const audit = await t.service.audit.page({ limit: 5 });
    const entry = audit.find((e) => e.action === "reports.schedule.run");
    assert.deepEqual(
      [entry?.target, entry?.outcome, entry?.details],
      [created.id, "ok", { run: run.id, status: "delivered" }],
    );
    assert.equal((await t.call({ method: "POST", url: `${SCHEDULES}/nope/run` })).statusCode, 404);
  });

  test("bad schedules: 400 naming the field", async () => {
    const ok = schedule(hook.url);
    assert.deepEqual(fieldsOf(await post({ ...ok, cron: "61 * * * *" })), ["cron"]);
    assert.deepEqual(fieldsOf(await post({ ...ok, cron: "0 0 8 * * 1" })), ["cron"]);
    assert.deepEqual(fieldsOf(await post({ ...ok, cron: "@daily" })), ["cron"]);
    assert.deepEqual(fieldsOf(await post({ ...ok, time_zone: "Mars/Olympus" })), ["time_zone"]);
    assert.deepEqual(fieldsOf(await post({ ...ok, cron: "x", time_zone: "Mars/Olympus" })), ["cron", "time_zone"]);
    assert.deepEqual(fieldsOf(await post({ ...ok, recipients: {} })), ["recipients"]);
    assert.deepEqual(fieldsOf(await post({ ...ok, recipients: { webhooks: ["ftp://x.example/h"] } })), [
      "recipients.webhooks[0]",
    ]);
    // No SMTP server configured: e-mail recipients cannot be served.
    assert.deepEqual(fieldsOf(await post({ ...ok, recipients: { emails: ["ops@example.com"] } })), [
      "recipients.emails",
    ]);
    const badMail = await post({ ...ok, recipients: { emails: ["ops@example.com\r\nBcc: x@y.z"] } });
    assert.equal(badMail.statusCode, 400);
    assert.ok(
      fieldsOf(badMail).every((f) => f.startsWith("recipients.emails")),
      badMail.body,
    );
    for (const [field, value] of [
      ["report_type", "weekly_fun"],
      ["format", "pdf"],
      ["period", "previous_year"],
      ["period", 0],
      ["name", ""],
      ["enabled", "yes"],
    ] as const) {
      const res = await post({ ...ok, [field]: value });
      assert.equal(res.statusCode, 400, `${field}: ${res.body}`);
      assert.ok(
        fieldsOf(res).some((f) => f.startsWith(field)),
        `${field}: ${res.body}`,
      );
    }
    const extra = await post({ ...ok, colour: "red" });
    assert.deepEqual([extra.statusCode, fieldsOf(extra)], [400, ["colour"]]);
    const noCron = await post({ ...ok, cron: undefined });
    assert.deepEqual([noCron.statusCode, fieldsOf(noCron)], [400, ["cron"]]);
    const badLimit = await t.call({ method: "GET", url: `${DELIVERIES}?limit=0` });
    assert.deepEqual([badLimit.statusCode, fieldsOf(badLimit)], [400, ["limit"]]);
    const unknownQuery = await t.call({ method: "GET", url: `${DELIVERIES}?when=now` });
    assert.deepEqual([unknownQuery.statusCode, fieldsOf(unknownQuery)], [400, ["when"]]);
    const longId = await t.call({ method: "GET", url: `${SCHEDULES}/${"x".repeat(200)}` });
    assert.deepEqual([longId.statusCode, fieldsOf(longId)], [400, ["id"]]);
    const notJson = await t.call({
      method: "POST",
      url: SCHEDULES,
      payload: "name=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(notJson.statusCode, 415);
  });

  test("the static segments win over GET /reports/:type, which still answers reports", async () => {
    const list = await t.call({ method: "GET", url: SCHEDULES });
    assert.equal(list.statusCode, 200);
    assert.ok(Array.isArray(list.json().schedules));
    const log = await t.call({ method: "GET", url: DELIVERIES });
    assert.equal(log.statusCode, 200);
    assert.ok(Array.isArray(log.json().runs));
    const report = await t.call({ method: "GET", url: `${API}/reports/technical_report?hours=1`, key: readKey });
    assert.equal(report.statusCode, 200, report.body);
    assert.equal(report.json().report_type, "technical_report");
    const unknown = await t.call({ method: "GET", url: `${API}/reports/schedule`, key: readKey });
    assert.deepEqual([unknown.statusCode, fieldsOf(unknown)], [400, ["type"]]);
  });

  test("admin only: 401 without a key, 403 with a read key, on every route", async () => {
    const routes = [
      { method: "GET", url: SCHEDULES },
      { method: "POST", url: SCHEDULES, payload: schedule(hook.url) },
      { method: "GET", url: `${SCHEDULES}/x` },
      { method: "DELETE", url: `${SCHEDULES}/x` },
      { method: "POST", url: `${SCHEDULES}/x/run` },
      { method: "GET", url: DELIVERIES },
    ] as const;
    for (const r of routes) {
      assert.equal((await t.call({ ...r, key: null })).statusCode, 401, `${r.method} ${r.url}`);
      assert.equal((await t.call({ ...r, key: readKey })).statusCode, 403, `${r.method} ${r.url}`);
    }
  });
});
