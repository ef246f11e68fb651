import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Alerts } from "../../src/alerts/alerts.js";
import type { AlertRuleInput } from "../../src/alerts/rule.js";
import { LIBRARY } from "../../src/audit/audited.js";
import { silentLogger } from "../../src/log/logger.js";
import { type AlertFixture, alertFixture } from "./fixture.js";
import { type Receiver, receiver } from "./receiver.js";

const iso = (ms: number) => new Date(ms).toISOString();
const burst = (over: Partial<AlertRuleInput> = {}): AlertRuleInput => ({
  name: "Error burst",
  kind: "threshold",
  metric: "error_rate",
  operator: "above",
  threshold: 20,
  cooldown_minutes: 0,
  ...over,
});

describe("an error burst: fired once, resolved once, delivered once each", () => {
  let f: AlertFixture;
  let hook: Receiver;
  before(async () => {
    f = await alertFixture();
    hook = await receiver();
    const events = [];
    // 10 requests a minute for 8 minutes; minutes 3 and 4 add 10 error events each: (10 / 20) × 100 = 50 %.
    for (let k = 0; k < 8; k++) events.push(...f.minute(k, { requests: 10, errors: k === 3 || k === 4 ? 10 : 0 }));
    await f.store(events);
  });
  after(async () => {
    await f.close();
    await hook.close();
  });

  test("for 2 minutes above 20 %: fires at the end of minute 4, resolves at the end of minute 5", async () => {
    const rule = await f.alerts.rules.create(burst({ for_minutes: 2, webhooks: [hook.url] }), LIBRARY);
    const runs = [];
    // Minute 3 alone is not 2 minutes; evaluating twice in the same minute sends nothing new.
    for (const now of [f.at(4), f.at(5), f.at(5) + 30_000, f.at(6), f.at(7)])
      runs.push(await f.alerts.evaluator.evaluate(now));
    assert.deepEqual(
      runs.map((r) => [r.fired, r.resolved]),
      [
        [0, 0],
        [1, 0],
        [0, 0],
        [0, 1],
        [0, 0],
      ],
    );
    await f.alerts.notifier.idle();
    assert.equal(hook.calls(), 2);
    const [firing, resolved] = hook.bodies as Array<Record<string, unknown>>;
    const id = firing?.alert_id;
    assert.equal(typeof id, "string");
    assert.deepEqual(firing, {
      text: "[FIRING] Error burst: error_rate is 50 (above 20)",
      alert_id: id,
      rule: { id: rule.id, name: "Error burst", kind: "threshold" },
      metric: "error_rate",
      series: null,
      severity: "warning",
      state: "firing",
      value: 50,
      operator: "above",
      threshold: 20,
      started_at: iso(f.at(5)),
      resolved_at: null,
      url: null,
    });
    assert.deepEqual(resolved, {
      ...firing,
      text: `[RESOLVED] Error burst: error_rate is back (0), firing since ${iso(f.at(5))}`,
      state: "resolved",
      value: 0,
      resolved_at: iso(f.at(6)),
    });
  });

  test("the history holds the alert with both deliveries; health followed it and is normal again", async () => {
    const page = await f.alerts.history({});
    assert.equal(page.total, 1);
    assert.equal(page.firing, 0);
    const [a] = page.alerts;
    const delivered = [{ url: hook.url, status: "delivered", attempts: 1, http_status: 200, error: null }];
    assert.deepEqual(
      { ...a, id: "", rule_id: "" },
      {
        id: "",
        rule_id: "",
        rule_name: "Error burst",
        kind: "threshold",
        metric: "error_rate",
        series: null,
        severity: "warning",
        state: "resolved",
        started_at: iso(f.at(5)),
        resolved_at: iso(f.at(6)),
        operator: "above",
        threshold: 20,
        value: 50,
        resolved_value: 0,
        deliveries: { firing: delivered, resolved: delivered },
      },
    );
    assert.deepEqual(await f.alerts.health(), { state: "normal", firing: 0 });
  });
});

describe("delivery retries, cool-down, missing data, breakdowns", () => {
  let f: AlertFixture;
  before(async () => {
    f = await alertFixture();
  });
  after(() => f.close());

  /** Drops every rule, so each test evaluates its own. */
  async function only(...rules: AlertRuleInput[]) {
    for (const r of await f.alerts.rules.list()) await f.alerts.rules.remove(r.id, LIBRARY);
    const made = [];
    for (const r of rules) made.push(await f.alerts.rules.create(r, LIBRARY));
    return made;
  }
  const historyOf = async (ruleId: string) =>
    (await f.alerts.history({ hours: 48 })).alerts
      .filter((a) => a.rule_id === ruleId)
      .map((a) => [a.series, a.state, a.started_at, a.resolved_at]);

  test("a webhook answering 500 twice then 200 gets the alert once, after 3 attempts; one always failing is given up after 5", async () => {
    const flaky = await receiver([500, 500]);
    const broken = await receiver([500, 500, 500, 500, 500]);
    try {
      await f.store(f.minute(100, { requests: 10, errors: 10 }));
      const [rule] = await only(burst({ webhooks: [flaky.url, broken.url] }));
      assert.deepEqual(await f.alerts.evaluator.evaluate(f.at(101)), { rules: 1, fired: 1, resolved: 0 });
      await f.alerts.notifier.idle();
      assert.equal(flaky.calls(), 3);
      assert.equal(flaky.bodies.length, 1);
      assert.equal(broken.calls(), 5);
      const [a] = (await f.alerts.history({ hours: 48, state: "firing" })).alerts.filter((x) => x.rule_id === rule?.id);
      assert.deepEqual(a?.deliveries, {
        firing: [
          { url: flaky.url, status: "delivered", attempts: 3, http_status: 200, error: null },
          { url: broken.url, status: "failed", attempts: 5, http_status: 500, error: "HTTP 500" },
        ],
      });
      assert.deepEqual(await f.alerts.health(f.at(101)), { state: "warning", firing: 1 });
    } finally {
      await flaky.close();
      await broken.close();
    }
  });

  test("cool-down: a breach within 10 minutes of a resolution fires nothing; one after it does", async () => {
    // Errors in minutes 201, 203 and 220 of 10 requests a minute (minutes 200–222).
    const events = [];
    for (let k = 200; k <= 222; k++)
      events.push(...f.minute(k, { requests: 10, errors: [201, 203, 220].includes(k) ? 10 : 0 }));
    await f.store(events);
    const [rule] = await only(burst({ cooldown_minutes: 10 }));
    for (let k = 201; k <= 223; k++) await f.alerts.evaluator.evaluate(f.at(k));
    assert.deepEqual(await historyOf(rule?.id ?? ""), [
      [null, "resolved", iso(f.at(221)), iso(f.at(222))],
      [null, "resolved", iso(f.at(202)), iso(f.at(203))],
    ]);
  });

  test("missing data: ok resolves, keep_state keeps firing, alerting fires", async () => {
    // Minute 300: 50 % errors; 301: nothing; 302: no errors; 303: nothing.
    await f.store([...f.minute(300, { requests: 10, errors: 10 }), ...f.minute(302, { requests: 10 })]);
    const [ok, keep, alerting] = await only(
      burst({ name: "ok", missing_data: "ok" }),
      burst({ name: "keep", missing_data: "keep_state" }),
      burst({ name: "alerting", missing_data: "alerting" }),
    );
    for (const k of [301, 302, 303, 304]) await f.alerts.evaluator.evaluate(f.at(k));
    assert.deepEqual(await historyOf(ok?.id ?? ""), [[null, "resolved", iso(f.at(301)), iso(f.at(302))]]);
    assert.deepEqual(await historyOf(keep?.id ?? ""), [[null, "resolved", iso(f.at(301)), iso(f.at(303))]]);
    assert.deepEqual(await historyOf(alerting?.id ?? ""), [
      [null, "firing", iso(f.at(304)), null],
      [null, "resolved", iso(f.at(301)), iso(f.at(303))],
    ]);
  });

  test("per breakdown value: only the endpoint answering 5xx fires, and resolves on its own", async () => {
    await f.store([
      ...f.minute(400, { requests: 10, failed: 5, endpoint: "/a" }),
      ...f.minute(400, { requests: 10, endpoint: "/b" }),
      ...f.minute(401, { requests: 10, endpoint: "/a" }),
      ...f.minute(401, { requests: 10, endpoint: "/b" }),
    ]);
    const [rule] = await only(burst({ breakdown: { field: "endpoint", top: 5 } }));
    assert.deepEqual(await f.alerts.evaluator.evaluate(f.at(401)), { rules: 1, fired: 1, resolved: 0 });
    assert.deepEqual(await f.alerts.evaluator.evaluate(f.at(402)), { rules: 1, fired: 0, resolved: 1 });
    const page = await f.alerts.history({ hours: 48 });
    const [a] = page.alerts.filter((x) => x.rule_id === rule?.id);
    assert.deepEqual(
      [a?.series, a?.value, a?.resolved_value, a?.started_at, a?.resolved_at],
      ["endpoint=/a", 50, 0, iso(f.at(401)), iso(f.at(402))],
    );
  });

  test("dry run: the cool-down data replayed over the last 7 days, with and without the cool-down", async () => {
    const withCooldown = await f.alerts.test(burst({ cooldown_minutes: 10 }));
    // Minutes 101 (the retry test's burst, still in the store), 201, 220 and 300 fire; 203 is inside the
    // cool-down; in minute 400 the two endpoints together fail 5 of 20 requests: 25 %.
    assert.deepEqual(withCooldown.firings, [
      { series: null, started_at: iso(f.at(101)), resolved_at: iso(f.at(102)) },
      { series: null, started_at: iso(f.at(202)), resolved_at: iso(f.at(203)) },
      { series: null, started_at: iso(f.at(221)), resolved_at: iso(f.at(222)) },
      { series: null, started_at: iso(f.at(301)), resolved_at: iso(f.at(302)) },
      { series: null, started_at: iso(f.at(401)), resolved_at: iso(f.at(402)) },
    ]);
    assert.equal(withCooldown.fired, 5);
    assert.equal(withCooldown.evaluations, 7 * 24 * 60);
    const without = await f.alerts.test(burst({ cooldown_minutes: 0 }));
    assert.equal(without.fired, 6);
    assert.equal(
      (await f.alerts.rules.list()).some((r) => r.name === "Error burst" && r.cooldown_minutes === 10),
      false,
      "a dry run saves nothing",
    );
  });

  test("once per cluster: while one node holds the alerts lease, another node's scheduled run does nothing", async () => {
    const other = new Alerts(f.t.service.store, f.t.service.audit, f.t.service.config, {
      node: "other",
      logger: silentLogger(),
    });
    const now = Date.now();
    assert.notEqual(await f.alerts.evaluator.runOnce(now), null);
    assert.equal(await other.evaluator.runOnce(now + 1000), null);
    assert.notEqual(await f.alerts.evaluator.runOnce(now + 2000), null);
    await other.stop();
  });
});
