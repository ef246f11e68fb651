import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { NotFoundError, ValidationError } from "../../src/errors.js";
import { type TestApp, testApp } from "../helpers/test-app.js";

describe("the library's alert methods", () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ alertIntervalSeconds: 3600 });
  });
  after(() => t.close());

  test("create, list, get, update, test, delete; audited as the library; the history is empty", async () => {
    const s = t.service;
    const made = await s.createAlertRule({
      name: "slow",
      kind: "threshold",
      metric: "response_time",
      operator: "above",
      threshold: 800,
    });
    assert.deepEqual(
      [made.for_minutes, made.missing_data, made.cooldown_minutes, made.severity, made.webhooks, made.enabled],
      [1, "ok", null, "warning", [], true],
    );
    assert.deepEqual(await s.getAlertRules(), [made]);
    assert.deepEqual(await s.getAlertRule(made.id), made);
    const changed = await s.updateAlertRule(made.id, { name: "slow", kind: "anomaly", metric: "response_time" });
    assert.equal(changed.kind, "anomaly");
    // No API requests stored: every hour of the 7 days lacks data.
    const dry = await s.testAlertRule({ name: "x", kind: "anomaly", metric: "response_time" });
    assert.deepEqual([dry.fired, dry.evaluations, dry.missing], [0, 7 * 24, 7 * 24]);
    await s.deleteAlertRule(made.id);
    await assert.rejects(s.getAlertRule(made.id), NotFoundError);
    await assert.rejects(s.deleteAlertRule(made.id), NotFoundError);
    const actions = (await s.audit.page({ limit: 5 })).filter((e) => e.action.startsWith("alerts."));
    assert.deepEqual(
      actions.map((e) => [e.action, e.actor]),
      [
        ["alerts.rule.delete", "library"],
        ["alerts.rule.update", "library"],
        ["alerts.rule.create", "library"],
      ],
    );
    const page = await s.getAlerts({ hours: 2 });
    assert.deepEqual([page.total, page.alerts], [0, []]);
  });

  test("bad input is a ValidationError naming the field", async () => {
    await assert.rejects(
      t.service.createAlertRule({ name: "x", kind: "threshold", metric: "events", operator: "above" }),
      (err: ValidationError) => err instanceof ValidationError && err.details?.[0]?.field === "threshold",
    );
    await assert.rejects(
      t.service.getAlerts({ limit: 0 }),
      (err: ValidationError) => err instanceof ValidationError && err.details?.[0]?.field === "limit",
    );
  });
});
