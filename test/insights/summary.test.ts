import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { METRIC_NAMES } from "../../src/insights/series.js";
import { Summary, type SummarySources } from "../../src/insights/summary.js";
import { LiveMetrics } from "../../src/live/live-metrics.js";
import { RealTimeAnalytics } from "../../src/live/real-time.js";
import { resolvePeriod } from "../../src/model/period.js";
import { AnalyticsService, type BatchEvent } from "../../src/service.js";
import type { QueryRunner } from "../../src/store/port/query-runner.js";
import type { Query } from "../../src/store/query.js";
import { tempDir } from "../helpers/test-app.js";

const HOUR = 3_600_000;
const MIN = 60_000;
const T0 = Date.UTC(2026, 9, 5, 0, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
/** Events per hour before the spike: a little noise around 10, never a daily pattern (5 does not divide 24). */
const NOISE = [10, 12, 9, 11, 10];
const SPIKE_HOUR = 64;
/** The summary's period: the third day, whose hour 64 holds 60 events (each hour judged against the 24 before it). */
const PERIOD = { from: T0 + 48 * HOUR, to: T0 + 72 * HOUR };
/** The clock of the summaries built here: hour 71's minute 30, 5 minutes after the typed events began. */
const NOW = T0 + 71 * HOUR + 30 * MIN;

/**
 * 72 hours of user actions by one user (10, 12, 9, 11, 10 per hour, repeated; 60 in hour 64), then in
 * hour 71, from minute 25: a 503 request of 200 ms, a 200 request of 100 ms, an error event, an AI
 * run (ok, 1 s, 10 in / 40 out tokens) by user u2, and a system metric.
 */
function fixture(): BatchEvent[] {
  const out: BatchEvent[] = [];
  for (let h = 0; h < 72; h++) {
    const n = h === SPIKE_HOUR ? 60 : (NOISE[h % 5] as number);
    for (let k = 0; k < n; k++) {
      out.push({ eventType: "user_action", action: "view", userId: "u1", timestamp: T0 + h * HOUR + k * 30_000 });
    }
  }
  const at = (m: number) => T0 + 71 * HOUR + (25 + m) * MIN;
  out.push(
    { eventType: "api_request", endpoint: "/a", method: "GET", statusCode: 503, responseTime: 200, timestamp: at(0) },
    { eventType: "api_request", endpoint: "/a", method: "GET", statusCode: 200, responseTime: 100, timestamp: at(1) },
    { eventType: "error", errorType: "E", errorMessage: "boom", timestamp: at(2) },
    {
      eventType: "cognitive_process",
      membraneType: "reasoning",
      processingTime: 1000,
      inputTokens: 10,
      outputTokens: 40,
      success: true,
      userId: "u2",
      sessionId: "s1",
      timestamp: at(3),
    },
    { eventType: "system_metric", cpuUsage: 40, memoryUsage: 60, diskUsage: 20, timestamp: at(4) },
  );
  return out;
}

describe("Summary", () => {
  let service: AnalyticsService;
  let dir: { dir: string; remove(): Promise<void> };

  /** The live windows as a cluster reads them (from the store), at the fixed clock. */
  const storeWindowsAtNow = () =>
    new RealTimeAnalytics({
      live: new LiveMetrics(() => NOW),
      store: service.store,
      source: "store",
      activeSessions: async () => 0,
      stats: () => ({ accepted: 0, rejected: 0 }),
      startedAt: NOW,
      now: () => NOW,
    });

  /** A summary over the service's parts with a fixed clock, through `runner` (default the store). */
  const summaryOf = (over: Partial<SummarySources> = {}) =>
    new Summary({
      runner: service.store,
      insights: service.insights,
      kpis: service.kpis,
      pipeline: service.pipeline,
      engine: service.store.engine,
      node: service.node,
      currentMetrics: () => storeWindowsAtNow().currentMetrics(),
      logger: service.logger,
      settings: { ...service.config, summaryCacheSeconds: 0 },
      now: () => NOW,
      ...over,
    });

  before(async () => {
    dir = await tempDir();
    service = new AnalyticsService({
      dataDirectory: dir.dir,
      adminKey: "test-admin-key-0123456789",
      retentionDays: 3650,
      anomalyBaselineHours: 24,
    });
    await service.start();
    const r = await service.trackBatch(fixture());
    assert.equal(r.rejected.length, 0, JSON.stringify(r.rejected[0]));
    await service.pipeline.drain();
  });
  after(async () => {
    await service.stop();
    await dir.remove();
  });

  test("counts, warehouse figures and KPI inputs of the fixture", async () => {
    const s = await summaryOf().report({ from: PERIOD.from, to: PERIOD.to });
    assert.equal(s.partial, false);
    assert.deepEqual(s.errors, []);
    assert.deepEqual(s.period, { from: iso(PERIOD.from), to: iso(PERIOD.to), time_zone: "UTC" });
    const stats = s.processing_stats;
    assert.ok(stats);
    assert.deepEqual(stats.events_by_type, {
      user_action: 301, // hours 48–71 of 10, 12, 9, 11, 10 repeated, hour 64 (a 10) holding 60
      api_request: 2,
      cognitive_process: 1,
      system_metric: 1,
      error: 1,
      performance: 0,
      session_start: 0,
      session_end: 0,
    });
    assert.equal(stats.events_processed, 306);
    assert.equal(stats.events_accepted_since_start, fixture().length);
    assert.equal(stats.events_loaded_since_start, fixture().length);
    assert.equal(stats.last_processing_time, iso(NOW));
    assert.deepEqual(s.data_warehouse_stats, {
      total_events: fixture().length,
      active_sessions: 1, // s1's one event at 71:28, 2 minutes before NOW, within the 30-minute timeout
      system_metrics_count: 1,
      cognitive_metrics_count: 1,
      oldest_event: iso(T0),
      newest_event: iso(T0 + 71 * HOUR + 29 * MIN),
    });
    const health = s.kpis?.system_health.components.map((c) => [c.name, c.value]);
    assert.deepEqual(health, [
      ["error_rate", 2 / 3], // (one 5xx + one error event) / (two requests + one error event)
      ["response_time_p95_ms", 195],
      ["resource_use_percent", 40],
    ]);
    assert.deepEqual(
      s.kpis?.cognitive_performance.components.map((c) => [c.name, c.value]),
      [
        ["success_rate", 1],
        ["processing_time_p50_ms", 1000],
        ["tokens_per_second", 40],
      ],
    );
    // The 60-minute window before NOW: hour 71's first 12 user actions (u1) and the 5 typed events (u2's run).
    assert.deepEqual(s.current_metrics, {
      source: "store",
      window_minutes: 60,
      active_users: 2,
      user_activity_rate: 17 / 2,
      event_rate_per_minute: 17 / 60,
      error_rate_percentage: (1 / 17) * 100, // the first version's rate: error events over all events
      avg_response_time: 150,
      p95_response_time: 195, // numpy's linear rule over 100 and 200
      avg_cognitive_processing_time: 1000,
      cognitive_success_rate: 100,
      membrane_reasoning_usage: 100,
    });
  });

  test("the injected spike is the one anomaly; trends and forecasts for every metric", async () => {
    const s = await summaryOf().report({ from: PERIOD.from, to: PERIOD.to });
    console.log(
      JSON.stringify(s.recent_anomalies?.map((a) => [a.metric_name, a.timestamp, a.actual_value, a.expected_value])),
    );
    assert.equal(s.recent_anomalies?.length, 1);
    const [spike] = s.recent_anomalies ?? [];
    assert.equal(spike?.metric_name, "events");
    assert.equal(spike?.timestamp, iso(T0 + SPIKE_HOUR * HOUR));
    assert.equal(spike?.actual_value, 60);
    assert.equal(spike?.direction, "spike");
    assert.deepEqual(s.anomaly_summary, {
      total_anomalies: 1,
      severity_distribution: { low: 0, medium: 0, high: 0, critical: 1 },
      metrics_affected: { events: 1 },
      most_affected_metric: "events",
    });
    assert.equal(s.processing_stats?.anomalies_detected, 1);
    assert.deepEqual(Object.keys(s.trends ?? {}), METRIC_NAMES);
    assert.deepEqual(Object.keys(s.forecasts ?? {}), METRIC_NAMES);
    assert.equal(s.trends?.events.data_points, 24);
    assert.equal(s.forecasts?.events.status, "ok");
    assert.equal(s.forecasts?.events.forecast.length, 24);
    assert.equal(s.forecasts?.response_time.status, "insufficient_data"); // one hour with requests
    assert.equal(
      s.processing_stats?.predictions_generated,
      Object.values(s.forecasts ?? {}).filter((f) => f.status === "ok").length,
    );
  });

  test("trends, forecasts and anomalies equal the insights endpoints' answers for the same spans", async () => {
    const s = await summaryOf().report({ from: PERIOD.from, to: PERIOD.to });
    const period = resolvePeriod({ from: PERIOD.from, to: PERIOD.to }, NOW);
    for (const m of METRIC_NAMES) {
      assert.deepEqual(s.trends?.[m], await service.insights.trend(m, period), m);
      const { trend: _, ...forecast } = await service.insights.forecast(
        m,
        "24h",
        resolvePeriod({ to: PERIOD.to, hours: undefined }, NOW, 14 * 24),
      );
      assert.deepEqual(s.forecasts?.[m], forecast, m);
    }
    const report = await service.insights.anomalies(period);
    assert.deepEqual(s.recent_anomalies, report.anomalies);
    assert.deepEqual(s.anomaly_summary, report.summary);
  });

  test("compare=previous: the day before's events and anomalies, and its KPIs", async () => {
    const s = await summaryOf().report({ from: PERIOD.from, to: PERIOD.to, compare: "previous" });
    assert.deepEqual(s.previous?.period, { from: iso(T0 + 24 * HOUR), to: iso(PERIOD.from) });
    assert.equal(s.previous?.events_processed, 249); // hours 24–47: 4.8 cycles of 10, 12, 9, 11, 10
    assert.equal(s.previous?.anomaly_summary?.total_anomalies, 0);
    assert.deepEqual(s.kpis?.previous?.period, { from: iso(T0 + 24 * HOUR), to: iso(PERIOD.from) });
  });

  test("a failing part is null and named in errors; the others still answer", async () => {
    const failing: QueryRunner = {
      run<R>(q: Query<R>) {
        return q.name === "store-stats" ? Promise.reject(new Error("disk on fire")) : service.store.run(q);
      },
      stream: (q) => service.store.stream(q),
    };
    const s = await summaryOf({ runner: failing }).report({ from: PERIOD.from, to: PERIOD.to });
    assert.equal(s.partial, true);
    assert.deepEqual(s.errors, [{ part: "data_warehouse_stats", message: "disk on fire" }]);
    assert.equal(s.data_warehouse_stats, null);
    assert.equal(s.processing_stats?.anomalies_detected, 1);
    assert.ok(s.kpis);
  });

  test("answers are reused for summaryCacheSeconds, per query; a partial answer is not", async () => {
    let now = NOW;
    let fail = true;
    let reads = 0;
    const runner: QueryRunner = {
      run<R>(q: Query<R>) {
        if (q.name === "store-stats") {
          reads += 1;
          if (fail) return Promise.reject(new Error("down"));
        }
        return service.store.run(q);
      },
      stream: (q) => service.store.stream(q),
    };
    const cached = summaryOf({ runner, now: () => now, settings: { ...service.config, summaryCacheSeconds: 10 } });
    const q = { from: PERIOD.from, to: PERIOD.to };
    assert.equal((await cached.report(q)).partial, true);
    fail = false;
    const first = await cached.report(q);
    assert.equal(first.partial, false);
    assert.equal(reads, 2);
    now += 9_999;
    assert.equal(await cached.report(q), first);
    assert.notEqual(await cached.report({ ...q, tz: "Europe/Paris" }), first);
    assert.equal(reads, 3);
    now += 1;
    assert.notEqual(await cached.report(q), first);
    assert.equal(reads, 4);
  });
});
