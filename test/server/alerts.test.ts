import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestApp, testApp } from "../helpers/test-app.js";

const API = "/api/analytics";
const RULES = `${API}/alerts/rules`;
const MIN = 60_000;

const rule = {
  name: "5xx on checkout",
  kind: "threshold",
  metric: "error_rate",
  operator: "above",
  threshold: 10,
  for_minutes: 3,
  breakdown: { field: "endpoint", top: 3 },
  missing_data: "keep_state",
  cooldown_minutes: 30,
  severity: "critical",
  webhooks: ["https://hooks.example.com/services/T0/B0/x"],
  dashboard_url: "http://127.0.0.1:5000/dashboard",
};

describe("alerts over HTTP", () => {
  let t: TestApp;
  let readKey: string;
  let ingestKey: string;
  before(async () => {
    t = await testApp({ alertIntervalSeconds: 3600 });
    const key = async (scopes: string[]) =>
      (await t.call({ method: "POST", url: `${API}/keys`, payload: { name: scopes[0], scopes } })).json().key as string;
    readKey = await key(["read"]);
    ingestKey = await key(["ingest"]);
  });
  after(() => t.close());

  const fieldsOf = (res: { json(): { details: Array<{ field: string }> } }) => res.json().details.map((d) => d.field);

  test("create, get, list, replace, delete a rule; each change audited", async () => {
    const created = await t.call({ method: "POST", url: RULES, payload: rule });
    assert.equal(created.statusCode, 201);
    const body = created.json();
    assert.deepEqual(
      { ...body, id: "", created_at: "", updated_at: "" },
      {
        ...rule,
        id: "",
        min_severity: "low",
        enabled: true,
        created_at: "",
        updated_at: "",
      },
    );
    assert.deepEqual((await t.call({ method: "GET", url: `${RULES}/${body.id}` })).json(), body);
    const replaced = await t.call({
      method: "PUT",
      url: `${RULES}/${body.id}`,
      payload: { name: "events drop", kind: "anomaly", metric: "events", min_severity: "high" },
    });
    assert.equal(replaced.statusCode, 200);
    const r = replaced.json();
    assert.deepEqual(
      [r.id, r.kind, r.min_severity, r.operator, r.webhooks, r.created_at],
      [body.id, "anomaly", "high", null, [], body.created_at],
    );
    assert.deepEqual(
      (await t.call({ method: "GET", url: RULES })).json().rules.map((x: { id: string }) => x.id),
      [body.id],
    );
    assert.equal((await t.call({ method: "DELETE", url: `${RULES}/${body.id}` })).statusCode, 204);
    assert.equal((await t.call({ method: "GET", url: `${RULES}/${body.id}` })).statusCode, 404);
    const audit = await t.service.audit.page({ limit: 10 });
    assert.deepEqual(
      audit.filter((e) => e.action.startsWith("alerts.")).map((e) => [e.action, e.target, e.outcome]),
      [
        ["alerts.rule.delete", body.id, "ok"],
        ["alerts.rule.update", body.id, "ok"],
        ["alerts.rule.create", body.id, "ok"],
      ],
    );
  });

  test("400 naming the field: unknown metric, missing threshold, bad webhook, misplaced fields, unknown key", async () => {
    const post = (payload: object) => t.call({ method: "POST", url: RULES, payload });
    assert.deepEqual(fieldsOf(await post({ ...rule, metric: "nope" })), ["metric"]);
    const { threshold: _t, operator: _o, ...noThreshold } = rule;
    assert.deepEqual(fieldsOf(await post(noThreshold)), ["operator", "threshold"]);
    assert.deepEqual(fieldsOf(await post({ ...rule, webhooks: ["ftp://x.example.com/hook"] })), ["webhooks[0]"]);
    assert.deepEqual(fieldsOf(await post({ ...rule, dashboard_url: "not a url" })), ["dashboard_url"]);
    assert.deepEqual(fieldsOf(await post({ name: "a", kind: "anomaly", metric: "events", threshold: 3 })), [
      "threshold",
    ]);
    assert.deepEqual(fieldsOf(await post({ ...rule, min_severity: "high" })), ["min_severity"]);
    const extra = await post({ ...rule, colour: "red" });
    assert.equal(extra.statusCode, 400);
    const bad = await t.call({ method: "POST", url: `${RULES}/test`, payload: { ...rule, for_minutes: 0 } });
    assert.equal(bad.statusCode, 400);
    assert.ok(fieldsOf(bad).some((f) => f.includes("for_minutes")));
    const badHistory = await t.call({ method: "GET", url: `${API}/alerts?limit=0`, key: readKey });
    assert.equal(badHistory.statusCode, 400);
    assert.ok(fieldsOf(badHistory).some((f) => f.includes("limit")));
    const mixed = await t.call({ method: "GET", url: `${API}/alerts?hours=2&from=2026-01-01T00:00:00Z`, key: readKey });
    assert.deepEqual(fieldsOf(mixed), ["hours"]);
  });

  test("404 for an unknown rule on GET, PUT and DELETE", async () => {
    for (const method of ["GET", "PUT", "DELETE"] as const) {
      const res = await t.call({ method, url: `${RULES}/nope`, ...(method === "PUT" ? { payload: rule } : {}) });
      assert.equal(res.statusCode, 404, method);
    }
  });

  test("401 without a key, 403 below admin for rules; the history needs read", async () => {
    for (const key of [null, readKey, ingestKey]) {
      const want = key === null ? 401 : 403;
      assert.equal((await t.call({ method: "GET", url: RULES, key })).statusCode, want);
      assert.equal((await t.call({ method: "POST", url: RULES, payload: rule, key })).statusCode, want);
      assert.equal((await t.call({ method: "POST", url: `${RULES}/test`, payload: rule, key })).statusCode, want);
      assert.equal((await t.call({ method: "GET", url: `${RULES}/x`, key })).statusCode, want);
      assert.equal((await t.call({ method: "PUT", url: `${RULES}/x`, payload: rule, key })).statusCode, want);
      assert.equal((await t.call({ method: "DELETE", url: `${RULES}/x`, key })).statusCode, want);
    }
    assert.equal((await t.call({ method: "GET", url: `${API}/alerts`, key: null })).statusCode, 401);
    assert.equal((await t.call({ method: "GET", url: `${API}/alerts`, key: ingestKey })).statusCode, 403);
  });

  test("dry run over HTTP: two bursts of 5xx in the last 7 days fire twice, once within the default cool-down; nothing is saved", async () => {
    const hourAgo = Math.floor(Date.now() / MIN) * MIN - 60 * MIN;
    const events = [];
    for (let k = 0; k < 10; k++) {
      for (let i = 0; i < 4; i++) {
        events.push({
          eventType: "api_request" as const,
          endpoint: "/pay",
          method: "POST",
          statusCode: (k === 2 || k === 6) && i === 0 ? 503 : 200,
          responseTime: 20,
          timestamp: hourAgo + k * MIN + i * 1000,
        });
      }
    }
    await t.service.trackBatch(events);
    await t.service.pipeline.drain();
    const { breakdown: _b, webhooks: _w, cooldown_minutes: _c, ...simple } = rule;
    const dry = async (over: object) => {
      const res = await t.call({
        method: "POST",
        url: `${RULES}/test`,
        payload: { ...simple, for_minutes: 1, ...over },
      });
      assert.equal(res.statusCode, 200);
      return res.json();
    };
    const iso = (m: number) => new Date(hourAgo + m * MIN).toISOString();
    // 1 of 4 requests failing is 25 % > 10 %: minutes 2 and 6 breach, each judged at the minute's end.
    const noCooldown = await dry({ cooldown_minutes: 0 });
    assert.equal(noCooldown.fired, 2);
    assert.deepEqual(noCooldown.firings, [
      { series: null, started_at: iso(3), resolved_at: iso(4) },
      { series: null, started_at: iso(7), resolved_at: iso(8) },
    ]);
    // The default cool-down (15 minutes) keeps the second from firing 3 minutes after the first resolved.
    const byDefault = await dry({});
    assert.deepEqual([byDefault.fired, byDefault.firings.length], [1, 1]);
    assert.equal((await t.call({ method: "GET", url: RULES })).json().rules.length, 0);
  });

  test("the history answers its page and period; health details carry the alerts component", async () => {
    const page = await t.call({ method: "GET", url: `${API}/alerts?hours=1&limit=5&offset=0`, key: readKey });
    assert.equal(page.statusCode, 200);
    assert.deepEqual(
      { ...(page.json() as object), period: null },
      {
        period: null,
        total: 0,
        firing: 0,
        limit: 5,
        offset: 0,
        alerts: [],
      },
    );
    const health = await t.call({ method: "GET", url: `${API}/health/details`, key: readKey });
    assert.deepEqual(health.json().components.alerts, { state: "normal", firing: 0 });
  });
});
