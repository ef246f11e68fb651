import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { ConfigError, ValidationError } from "../src/errors.js";
import { AnalyticsService } from "../src/service.js";
import { eventsPage } from "../src/store/queries/events-page.js";
import { statsOf } from "./helpers/store-reads.js";
import { tempDir } from "./helpers/test-app.js";

describe("AnalyticsService (the library)", () => {
  const dirs: Array<{ remove(): Promise<void> }> = [];
  const fresh = async (config: Record<string, unknown> = {}) => {
    const d = await tempDir();
    dirs.push(d);
    return { dir: d.dir, service: new AnalyticsService({ dataDirectory: d.dir, ...config }) };
  };
  after(async () => {
    for (const d of dirs) await d.remove();
  });
  const stopWithNothingStored = async (service: AnalyticsService) => {
    await service.pipeline.drain();
    assert.equal((await statsOf(service.store)).total_events, 0);
    await service.stop();
  };

  test("every track call resolves with the event id; stop flushes; a restart finds everything", async () => {
    const { dir, service } = await fresh();
    await service.start();
    const sessionId = await service.startUserSession({ userId: "u1", userAgent: "sdk/1" });
    const ids = [
      await service.trackUserAction({ action: "login", userId: "u1", sessionId, details: { plan: "pro" } }),
      await service.trackApiRequest({
        endpoint: "/chat",
        method: "POST",
        statusCode: 200,
        responseTime: 12.5,
        sessionId,
      }),
      await service.trackCognitiveProcess({
        membraneType: "memory",
        processingTime: 40,
        inputTokens: 100,
        outputTokens: 20,
        success: true,
        sessionId,
        model: "m1",
        cost: 0.01,
      }),
      await service.trackSystemMetrics({
        cpuUsage: 10,
        memoryUsage: 20,
        diskUsage: 30,
        networkIo: { bytesIn: 5, bytesOut: 6 },
      }),
      await service.trackError({ errorType: "E", errorMessage: "boom", context: { someKey: 1 } }),
      await service.trackPerformance({ name: "ttfb", value: 87 }),
    ];
    assert.equal(new Set(ids).size, 6);
    await service.stop();

    const again = new AnalyticsService({ dataDirectory: dir });
    await again.start();
    const events = await again.store.run(eventsPage({ limit: 100 }));
    assert.equal(events.length, 7);
    const metric = events.find((e) => e.event_type === "system_metric");
    assert.deepEqual(metric?.data, {
      cpu_usage: 10,
      memory_usage: 20,
      disk_usage: 30,
      network_io: { bytes_in: 5, bytes_out: 6 },
    });
    const error = events.find((e) => e.event_type === "error");
    assert.deepEqual(error?.data.context, { someKey: 1 }, "the user's own keys are kept as given");
    const session = await again.getSession(sessionId);
    assert.equal(session?.events_count, 3);
    assert.equal(session?.api_calls, 1);
    assert.equal(session?.cognitive_processes, 1);
    assert.equal(session?.user_agent, "sdk/1");
    assert.equal(await again.endUserSession(sessionId), true);
    assert.equal(await again.endUserSession(sessionId), false);
    assert.equal(await again.endUserSession("unknown"), false);
    assert.equal((await again.getSession(sessionId))?.status, "terminated");
    const health = await again.getServiceHealth();
    assert.equal(health.overall_health, "healthy");
    assert.equal(health.metrics.events_stored, 8);
    await again.stop();
  });

  test("bad calls throw a ValidationError naming the camelCase fields; nothing is stored", async () => {
    const { service } = await fresh();
    await service.start();
    await assert.rejects(
      service.trackApiRequest({
        endpoint: "/x",
        method: "GET",
        statusCode: 999,
        responseTime: -1,
      }),
      (err: unknown) => {
        assert.ok(err instanceof ValidationError);
        assert.deepEqual(err.details?.map((d) => d.field).sort(), ["responseTime", "statusCode"]);
        return true;
      },
    );
    await assert.rejects(
      service.trackSystemMetrics({ cpuUsage: 10, memoryUsage: 20, diskUsage: 30, networkIo: { bytesIn: -5 } }),
      (err: unknown) => err instanceof ValidationError && err.details?.[0]?.field === "networkIo.bytesIn",
    );
    await stopWithNothingStored(service);
  });

  test("non-finite numbers and integers beyond 2^53 - 1 are refused by name, in single calls and batches", async () => {
    const { service } = await fresh();
    await service.start();
    const run = { membraneType: "m", processingTime: 1, inputTokens: 1, outputTokens: 1, success: true };
    const refused = async (call: Promise<unknown>, expected: Array<{ field: string; message: string }>) => {
      await assert.rejects(call, (err: unknown) => {
        assert.ok(err instanceof ValidationError);
        assert.deepEqual(err.details, expected);
        return true;
      });
    };
    await refused(service.trackApiRequest({ endpoint: "/", method: "GET", statusCode: 200, responseTime: Infinity }), [
      { field: "responseTime", message: "must be a finite number" },
    ]);
    await refused(service.trackCognitiveProcess({ ...run, processingTime: Number.NaN }), [
      { field: "processingTime", message: "must be a finite number" },
    ]);
    await refused(service.trackCognitiveProcess({ ...run, outputTokens: 2 ** 63 }), [
      { field: "outputTokens", message: "must be <= 9007199254740991" },
    ]);
    await refused(service.trackSystemMetrics({ cpuUsage: 1, memoryUsage: 1, diskUsage: 1, throughput: -Infinity }), [
      { field: "throughput", message: "must be a finite number" },
    ]);
    await refused(service.trackPerformance({ name: "n", value: 1, timestamp: Infinity }), [
      { field: "timestamp", message: "must be a finite number" },
    ]);
    const r = await service.trackBatch([
      { eventType: "performance", name: "n", value: Infinity },
      { eventType: "cognitive_process", ...run, inputTokens: 2 ** 64 },
    ]);
    assert.deepEqual(r.rejected, [
      { index: 0, errors: [{ field: "value", message: "must be a finite number" }] },
      { index: 1, errors: [{ field: "inputTokens", message: "must be <= 9007199254740991" }] },
    ]);
    assert.equal(service.pipeline.status().rejected, 7);
    await stopWithNothingStored(service);
  });

  test("the first version's shapes: null details, any network_io keys, a time without an offset as UTC", async () => {
    const { service } = await fresh();
    await service.start();
    const at = new Date(Date.now() - 60_000);
    await service.trackUserAction({ action: "a", details: null, eventId: "lib-null" });
    await service.trackSystemMetrics({
      cpuUsage: 1,
      memoryUsage: 1,
      diskUsage: 1,
      networkIo: { eth0Rx: 5 },
      eventId: "lib-nio",
      timestamp: at.toISOString().replace("Z", ""),
    });
    await service.pipeline.drain();
    const events = await service.store.run(eventsPage({ limit: 10 }));
    assert.deepEqual(events.find((e) => e.event_id === "lib-null")?.data, { action: "a", details: null });
    const metric = events.find((e) => e.event_id === "lib-nio");
    assert.deepEqual(metric?.data.network_io, { eth0_rx: 5 });
    assert.equal(metric?.timestamp, at.getTime());
    await service.stop();
  });

  test("trackBatch stores the good events and reports the bad ones in camelCase", async () => {
    const { service } = await fresh();
    await service.start();
    const r = await service.trackBatch([
      { eventType: "user_action", action: "a", eventId: "lib-1" },
      { eventType: "cognitive_process", membraneType: "grammar", processingTime: 1, inputTokens: 1.5 },
    ]);
    assert.deepEqual(r.accepted, [{ index: 0, event_id: "lib-1" }]);
    assert.deepEqual(r.rejected[0]?.errors.map((e) => e.field).sort(), ["inputTokens", "outputTokens", "success"]);
    await service.stop();
  });

  test("the first version's settings are honoured or rejected, never ignored", async () => {
    const { service } = await fresh({ batchSize: 500, processing_interval: 30, retentionDays: 7 });
    assert.equal(service.config.batchSize, 500);
    assert.equal(service.config.processingInterval, 30);
    assert.equal(service.config.retentionDays, 7);
    assert.equal(new AnalyticsService({ anomaly_threshold: 2.5 }).config.anomalyThreshold, 2.5);
    assert.equal(new AnalyticsService({ dashboard_refresh_rate: 15 }).config.dashboardRefreshRate, 15);
    for (const [key, value] of [
      ["backupDirectory", 1],
      ["dashboardRefreshRate", 0],
    ] as const) {
      assert.throws(() => new AnalyticsService({ [key]: value }), ConfigError, key);
    }
    assert.throws(() => new AnalyticsService({ batchSize: 0 }), /batchSize/);
    assert.throws(() => new AnalyticsService({ colour: "red" }), /colour is not a known setting/);
  });

  test("calls before start() are refused clearly", async () => {
    const { service } = await fresh();
    await assert.rejects(async () => service.trackUserAction({ action: "x" }), /not started/);
  });
});
