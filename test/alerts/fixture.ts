import { Alerts } from "../../src/alerts/alerts.js";
import { silentLogger } from "../../src/log/logger.js";
import type { BatchEvent } from "../../src/service.js";
import { type TestApp, testApp } from "../helpers/test-app.js";

export const MIN = 60_000;
const H = 3_600_000;

export interface AlertFixture {
  t: TestApp;
  /** Alerts on the service's store, with 1 ms back-off so retries do not wait. */
  alerts: Alerts;
  /** Twelve whole hours ago: minute k of the fixture is base + k·MIN. */
  base: number;
  at(minute: number): number;
  /** Stores `requests` API requests (the first `failed` answering 500) and `errors` error events in minute k. */
  minute(k: number, o: { requests?: number; failed?: number; errors?: number; endpoint?: string }): BatchEvent[];
  store(events: BatchEvent[]): Promise<void>;
  close(): Promise<void>;
}

/** A service whose own evaluator stays idle (hourly): tests evaluate at the times they choose. */
export async function alertFixture(): Promise<AlertFixture> {
  const t = await testApp({ alertIntervalSeconds: 3600 });
  const alerts = new Alerts(t.service.store, t.service.audit, t.service.config, {
    node: "test",
    logger: silentLogger(),
    backoffMs: 1,
  });
  const base = Math.floor(Date.now() / H) * H - 12 * H;
  const at = (m: number) => base + m * MIN;
  return {
    t,
    alerts,
    base,
    at,
    minute(k, { requests = 0, failed = 0, errors = 0, endpoint = "/api" }) {
      const out: BatchEvent[] = [];
      for (let i = 0; i < requests; i++) {
        out.push({
          eventType: "api_request",
          endpoint,
          method: "GET",
          statusCode: i < failed ? 500 : 200,
          responseTime: 100,
          timestamp: at(k) + i * 1000,
        });
      }
      for (let i = 0; i < errors; i++) {
        out.push({ eventType: "error", errorType: "Boom", errorMessage: "boom", timestamp: at(k) + 500 + i * 1000 });
      }
      return out;
    },
    async store(events) {
      const r = await t.service.trackBatch(events);
      if (r.rejected.length) throw new Error(JSON.stringify(r.rejected[0]));
      await t.service.pipeline.drain();
    },
    async close() {
      await alerts.stop();
      await t.close();
    },
  };
}
