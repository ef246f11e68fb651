import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { ExecutiveSummary } from "../../src/reports/executive.js";
import type { TechnicalReport } from "../../src/reports/technical.js";
import type { UserBehaviorReport } from "../../src/reports/user-behavior.js";
import { type TestApp, testApp } from "../helpers/test-app.js";
import { DAY, fixtureEvents, HOUR, load, mondayBase, periodOf, SCRIPT_ERROR } from "./fixture.js";

const close = (a: number | null | undefined, b: number) =>
  assert.ok(a !== null && a !== undefined && Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);

describe("reports on the fixture", () => {
  let t: TestApp;
  const base = mondayBase();
  const period = periodOf(base);
  before(async () => {
    t = await testApp();
    await load(t, fixtureEvents(base));
  });
  after(() => t.close());

  test("technical: response times 1..100 ms give avg 50.5, p50 50.5, p95 95.05, p99 99.01; per endpoint; throughput over 744 h", async () => {
    const r = (await t.service.generateReport("technical_report", period)) as TechnicalReport;
    assert.equal(r.report_type, "technical_report");
    assert.deepEqual(r.period, { start: period.from, end: period.to, duration_hours: 744, time_zone: "UTC" });
    const p = r.performance;
    assert.deepEqual(
      [p.total_requests, p.avg_response_time, p.p50_response_time, p.p95_response_time, p.p99_response_time],
      [100, 50.5, 50.5, 95.05, 99.01],
    );
    close(p.throughput_per_hour, 100 / 744);
    close(p.throughput_per_second, 100 / (744 * 3600));
    // Odd times 1..99 on /a (p95 = 93 + 0.55 · 2), even 2..100 on /b (p95 = 94 + 0.55 · 2).
    assert.deepEqual(
      p.by_endpoint.map((e) => [e.endpoint, e.requests, e.avg_response_time, e.p95_response_time, e.server_errors]),
      [
        ["/a", 50, 50, 94.1, 1],
        ["/b", 50, 51, 95.1, 1],
      ],
    );
    assert.deepEqual(
      p.slowest_endpoints.map((e) => e.endpoint),
      ["/b", "/a"],
    );
    const e = r.errors;
    assert.equal(e.total_errors, 1);
    assert.equal(e.server_errors, 2);
    close(e.error_rate, (3 / 101) * 100);
    assert.equal(e.server_error_rate, 2);
    assert.deepEqual(e.error_distribution, { [SCRIPT_ERROR]: 1 });
    assert.equal(e.most_common_error, SCRIPT_ERROR);
    assert.deepEqual(e.top_messages, [{ message: "boom <b>bold</b>", count: 1 }]);
    assert.deepEqual(
      e.by_endpoint.map((x) => [x.endpoint, x.server_errors]),
      [
        ["/a", 1],
        ["/b", 1],
      ],
    );
    const c = r.cognitive_processing;
    assert.deepEqual(
      [c.totals.runs, c.totals.success_rate, c.totals.latency_p50_ms, c.totals.cost],
      [2, 0.5, 200, 0.02],
    );
    assert.deepEqual(
      c.by_membrane.map((g) => [g.key, g.runs]),
      [["memory", 2]],
    );
    assert.deepEqual(
      c.by_model.map((g) => [g.key, g.runs]),
      [["m1", 2]],
    );
    assert.equal(r.resources.samples, 0);
    assert.equal(r.resources.max_cpu_usage, null);
    // The anomaly service's own findings over the period (sparse activity against an empty baseline).
    const found = (await t.service.getAnomalies(period)).anomalies;
    assert.ok(found.length > 0);
    assert.deepEqual(r.anomalies, found);
  });

  test("user behaviour: new vs returning, sessions of 2, 10, 30 and 0 min, actions, hour × weekday, retention", async () => {
    const r = (await t.service.generateReport("user_behavior", period)) as UserBehaviorReport;
    const s = r.summary;
    assert.deepEqual(
      [
        s.unique_users,
        s.new_users,
        s.returning_users,
        s.total_sessions,
        s.avg_session_duration,
        s.median_session_duration,
      ],
      [4, 3, 1, 4, 10.5, 6],
    );
    assert.deepEqual(s.most_active_users, [
      { user_id: "alice", events: 4 },
      { user_id: "bob", events: 3 },
      { user_id: "carol", events: 3 },
      { user_id: "dave", events: 1 },
    ]);
    const u = r.usage_patterns;
    assert.deepEqual(u.action_ranking, [
      { action: "click", count: 6 },
      { action: "view", count: 3 },
      { action: "search", count: 2 },
    ]);
    assert.deepEqual(
      u.session_length_distribution.map((b) => [b.band, b.sessions]),
      [
        ["0-1 min", 1],
        ["1-5 min", 1],
        ["5-15 min", 1],
        ["15-30 min", 0],
        ["30-60 min", 1],
        ["60+ min", 0],
      ],
    );
    const nonZero = (xs: Record<string, number>) => Object.fromEntries(Object.entries(xs).filter(([, v]) => v > 0));
    assert.deepEqual(nonZero(u.hourly_distribution), { 9: 4, 10: 6, 11: 1 });
    assert.deepEqual(nonZero(u.daily_distribution), { Monday: 6, Tuesday: 3, Wednesday: 2 });
    assert.deepEqual(u.activity_by_weekday_and_hour.counts[0]?.slice(9, 12), [1, 4, 1]);
    // Cohort day 0: alice and bob; alice back on days 1 and 7, bob on day 30. Cohort day 1: carol,
    // back on day 2 (her day 1), not on day 8; her day 31 is after the period.
    const d = (k: number) => new Date(base + k * DAY).toISOString().slice(0, 10);
    assert.deepEqual(r.retention.cohorts, [
      {
        cohort: d(0),
        users: 2,
        day_1: { users: 1, rate: 50 },
        day_7: { users: 1, rate: 50 },
        day_30: { users: 1, rate: 50 },
      },
      { cohort: d(1), users: 1, day_1: { users: 1, rate: 100 }, day_7: { users: 0, rate: 0 }, day_30: null },
    ]);
    close(r.retention.overall.day_1, 200 / 3);
    close(r.retention.overall.day_7, 100 / 3);
    assert.equal(r.retention.overall.day_30, 50);
  });

  test("user behaviour in Asia/Kolkata (+05:30): hours move, weekdays stay", async () => {
    const r = (await t.service.generateReport("user_behavior", {
      ...period,
      tz: "Asia/Kolkata",
    })) as UserBehaviorReport;
    const monday = r.usage_patterns.activity_by_weekday_and_hour.counts[0] as number[];
    assert.deepEqual(monday.slice(14, 17), [1, 4, 1]);
    assert.deepEqual(r.usage_patterns.daily_distribution.Monday, 6);
    assert.equal(r.period.time_zone, "Asia/Kolkata");
  });

  test("executive: key metrics from the store, KPIs with components, availability from the 5xx share", async () => {
    const r = (await t.service.generateReport("executive_summary", period)) as ExecutiveSummary;
    const k = r.key_metrics;
    assert.deepEqual(
      [k.total_events, k.unique_users, k.sessions, k.api_calls, k.cognitive_runs, k.cognitive_success_rate, k.ai_cost],
      [114, 4, 4, 100, 2, 50, 0.02],
    );
    assert.deepEqual([k.avg_response_time, k.p95_response_time, k.availability], [50.5, 95.05, 98]);
    close(k.error_rate, (3 / 101) * 100);
    assert.equal(r.period.previous_end, period.from);
    assert.equal(r.period.previous_start, new Date(base - 31 * DAY).toISOString());
    assert.deepEqual(
      r.kpis.system_health.components.map((c) => c.name),
      ["error_rate", "response_time_p95_ms", "resource_use_percent"],
    );
    assert.equal(r.kpis.system_health.components[1]?.value, 95.05);
    // The previous 31 days hold dave's first event only.
    assert.deepEqual([r.trends.events?.current, r.trends.events?.previous], [114, 1]);
    close(r.trends.events?.change_percent, 11_300);
    assert.deepEqual(
      r.recommendations.filter((x) => x.metric.startsWith("key_metrics")).map((x) => [x.rule, x.value, x.threshold]),
      [
        ["low_availability", 98, 99.9],
        ["low_cognitive_success", 50, 90],
      ],
    );
  });

  test("an unknown type is a 400-style error naming type", async () => {
    await assert.rejects(t.service.generateReport("weekly", period), (err: Error & { details?: unknown }) => {
      assert.equal(err.name, "ValidationError");
      assert.deepEqual(
        (err.details as Array<{ field: string }>).map((x) => x.field),
        ["type"],
      );
      return true;
    });
  });
});

describe("recommendations and trends on crafted stores", () => {
  let empty: TestApp;
  let crafted: TestApp;
  // Twelve whole hours ending a day ago: hour h holds h + 1 events (the last one: 2 actions and 10
  // requests, 6 answered 500); the twelve hours before hold 39.
  const start = Math.floor(Date.now() / HOUR) * HOUR - 36 * HOUR;
  const span = { from: new Date(start).toISOString(), to: new Date(start + 12 * HOUR).toISOString() };
  before(async () => {
    [empty, crafted] = await Promise.all([testApp(), testApp()]);
    const events = [];
    for (let h = 0; h < 12; h++) {
      for (let k = 0; k <= (h < 11 ? h : 1); k++)
        events.push({ eventType: "user_action" as const, action: "tick", timestamp: start + h * HOUR + k * 1000 });
    }
    for (let k = 0; k < 39; k++)
      events.push({ eventType: "user_action" as const, action: "tick", timestamp: start - 6 * HOUR + k * 1000 });
    for (let i = 0; i < 10; i++) {
      events.push({
        eventType: "api_request" as const,
        endpoint: "/x",
        method: "GET",
        statusCode: i < 6 ? 500 : 200,
        responseTime: 10,
        timestamp: start + 11 * HOUR + i * 1000,
      } as never);
    }
    await load(crafted, events);
  });
  after(async () => {
    await empty.close();
    await crafted.close();
  });

  test("an empty store: no recommendation, no invented figure", async () => {
    const r = (await empty.service.generateReport("executive_summary", { hours: 24 })) as ExecutiveSummary;
    assert.deepEqual(r.recommendations, []);
    assert.deepEqual(
      [r.key_metrics.total_events, r.key_metrics.error_rate, r.key_metrics.availability, r.key_metrics.ai_cost],
      [0, null, null, null],
    );
    assert.equal(r.kpis.overall, null);
    assert.equal(r.trends.events?.change_percent, null);
  });

  test("a 60 % error rate fires high_error_rate citing it; 1..12 events an hour is a slope of 24 a day, +100 %", async () => {
    const r = (await crafted.service.generateReport("executive_summary", span)) as ExecutiveSummary;
    const high = r.recommendations.find((x) => x.rule === "high_error_rate");
    assert.deepEqual(high && [high.metric, high.value, high.threshold], ["key_metrics.error_rate", 60, 5]);
    assert.match(high?.message ?? "", /60% of operations failed/);
    assert.deepEqual(r.recommendations.find((x) => x.rule === "low_availability")?.value, 40);
    const ev = r.trends.events;
    assert.equal(ev?.trend_status, "ok");
    assert.equal(ev?.direction, "increasing");
    assert.deepEqual([ev?.current, ev?.previous, ev?.change_percent], [78, 39, 100]);
    close(ev?.slope_per_day, 24);
  });
});

describe("a period that does not fit", () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  test("the library and produce() name the field, as the route does", async () => {
    const field = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (err) {
        return (err as { details?: Array<{ field: string }> }).details?.[0]?.field;
      }
      return "no error";
    };
    assert.equal(await field(t.service.generateReport("user_behavior", { hours: -1 })), "hours");
    assert.equal(
      await field(t.service.generateReport("user_behavior", { hours: 1, from: Date.now() - 1000 })),
      "hours",
    );
    assert.equal(await field(t.service.generateReport("user_behavior", { tz: "Nowhere/City" })), "tz");
    const produced = t.service.reports.produce({
      type: "technical_report",
      format: "csv",
      period: { hours: "2" as never },
    });
    assert.equal(await field(produced), "hours");
  });
});
