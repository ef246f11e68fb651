import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { AnalyticsService } from "../../src/service.js";
import { tempDir } from "../helpers/test-app.js";

describe("live metrics fed at acknowledgement (library)", () => {
  const dirs: Array<{ remove(): Promise<void> }> = [];
  after(async () => {
    for (const d of dirs) await d.remove();
  });
  const started = async (config: Record<string, unknown> = {}) => {
    const d = await tempDir();
    dirs.push(d);
    const service = new AnalyticsService({ dataDirectory: d.dir, ...config });
    await service.start();
    return service;
  };

  test("acknowledged events count once, rejected ones never; memory and store sources agree", async (t) => {
    const service = await started();
    const stopped = { done: false };
    const stop = async () => {
      if (!stopped.done) await service.stop();
      stopped.done = true;
    };
    t.after(stop);
    const now = Date.now() - 5_000;
    const result = await service.trackBatch([
      {
        eventType: "api_request",
        endpoint: "/a",
        method: "GET",
        statusCode: 500,
        responseTime: 40,
        userId: "u1",
        timestamp: now,
      },
      { eventType: "api_request", endpoint: "/a", method: "GET", statusCode: "oops", responseTime: 40, timestamp: now },
      {
        eventType: "cognitive_process",
        membraneType: "memory",
        processingTime: 12,
        inputTokens: 30,
        outputTokens: 9,
        success: true,
        model: "m",
        userId: "u2",
        timestamp: now,
      },
      { eventType: "error", errorType: "E", errorMessage: "boom", eventId: "err-1", timestamp: now },
    ]);
    assert.equal(result.rejected.length, 1);
    // A retry of an acknowledged event: the log takes it again, the store and the windows keep one.
    await service.trackError({ errorType: "E", errorMessage: "boom", eventId: "err-1", timestamp: now });

    const memory = await service.getRealTimeAnalytics();
    assert.equal(memory.source, "memory");
    assert.equal(memory.service_stats.real_time_analytics_calculated, 3);
    const w = memory.windows["5m"];
    assert.equal(w.events, 3);
    // error events, 5xx, error-event rate, 5xx rate, combined rate
    assert.deepEqual(Object.values(w.errors), [1, 1, (1 / 3) * 100, 100, (2 / 3) * 100]);
    assert.equal(w.cognitive.input_tokens_per_minute, 6);
    await stop();

    // The same data directory read through the store: the loaded events give the same figures.
    const again = new AnalyticsService({ dataDirectory: service.config.dataDirectory, liveMetricsSource: "store" });
    await again.start();
    try {
      const store = await again.getRealTimeAnalytics();
      assert.equal(store.source, "store");
      const s = store.windows["5m"];
      assert.equal(s.events, 3);
      assert.deepEqual(s.errors, w.errors);
      assert.deepEqual(s.by_model, w.by_model);
      assert.deepEqual(s.response_time, { samples: 1, avg: 40, p50: 40, p95: 40, p99: 40 });
      assert.deepEqual(store.warehouse_stats, {
        total_events: 3,
        active_sessions: 0,
        system_metrics_count: 0,
        cognitive_metrics_count: 1,
      });
    } finally {
      await again.stop();
    }
  });
});
