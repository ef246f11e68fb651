import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { WidgetDef } from "../../src/dashboards/api-schemas.js";
import { AnalyticsService, type BatchEvent } from "../../src/service.js";

export const MIN = 60_000;
export const HOUR = 3_600_000;
/** Monday 2026-11-02 14:00 UTC, 09:00 in New York (EST, UTC−5). */
export const T0 = Date.UTC(2026, 10, 2, 14, 0, 0);
/** The next day: 100 requests of 1..100 ms, one each 10 s. */
export const D1 = T0 + 24 * HOUR;
export const iso = (ms: number) => new Date(ms).toISOString();

const request = (
  id: string,
  at: number,
  ms: number,
  status: number,
  endpoint: string,
  user: string,
  session?: string,
): BatchEvent => ({
  eventType: "api_request",
  eventId: id,
  timestamp: at,
  userId: user,
  ...(session ? { sessionId: session } : {}),
  endpoint,
  method: "GET",
  statusCode: status,
  responseTime: ms,
});

const run = (id: string, at: number, model: string, more: object): BatchEvent => ({
  eventType: "cognitive_process",
  eventId: id,
  timestamp: at,
  userId: "u9",
  membraneType: "reasoning",
  model,
  processingTime: 100,
  success: true,
  ...more,
});

/**
 * Known events: five requests in the four hours from T0 (one exactly on the 1-hour boundary, none
 * in the third hour; three of session s1, one of s2, one without a session), two in the four hours before, a hundred of 1..100 ms on D1, and three AI
 * runs on D1 + 1 h: one priced by the table, one unpriced, one that sent its cost.
 */
export function fixtureEvents(): BatchEvent[] {
  return [
    request("e1", T0, 100, 200, "/a", "u1", "s1"),
    request("e2", T0 + 30 * MIN, 200, 500, "/b", "u2", "s2"),
    request("e3", T0 + 60 * MIN, 300, 200, "/a", "u1", "s1"),
    request("e4", T0 + 119 * MIN, 400, 404, "/a", "u3"),
    request("e5", T0 + 180 * MIN, 50, 200, "/c", "u1", "s1"),
    request("p1", T0 - 4 * HOUR + 10 * MIN, 10, 200, "/a", "u1"),
    request("p2", T0 - HOUR, 10, 200, "/a", "u1"),
    ...Array.from({ length: 100 }, (_, i) => request(`d${i}`, D1 + i * 10_000, i + 1, 200, "/d", `d${i % 4}`)),
    run("r1", D1 + HOUR, "gpt-x", { inputTokens: 1000, outputTokens: 500 }),
    run("r2", D1 + HOUR + MIN, "mystery", { inputTokens: 10, outputTokens: 10 }),
    run("r3", D1 + HOUR + 2 * MIN, "mystery", { inputTokens: 10, outputTokens: 10, cost: 0.5 }),
  ];
}

export interface Fixture {
  service: AnalyticsService;
  close(): Promise<void>;
}

/** A started service holding the fixture (and gpt-x's price: 1 per 1k input, 2 per 1k output tokens). */
export async function fixture(): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), "dte-dash-"));
  const service = new AnalyticsService({ dataDirectory: dir, retentionDays: 3650 });
  await service.start();
  const r = await service.trackBatch(fixtureEvents());
  if (r.rejected.length) throw new Error(JSON.stringify(r.rejected));
  await service.prices.add({ model: "gpt-x", input_per_1k: 1, output_per_1k: 2, effective_from: 0 });
  await service.pipeline.drain();
  return {
    service,
    async close() {
      await service.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A widget at the top left, for dashboards made in tests. */
export function widget(
  widget_id: string,
  data_source: WidgetDef["data_source"],
  configuration: WidgetDef["configuration"],
): WidgetDef {
  return {
    widget_id,
    widget_type: "chart",
    title: widget_id,
    data_source,
    configuration,
    position: { x: 0, y: 0, width: 6, height: 4 },
  };
}
