import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { RealTimeAnalytics } from "../../live/real-time.js";
import { StreamHub } from "../../live/stream-hub.js";
import { replies } from "../responses.js";

const Figure = Type.Union([Type.Number(), Type.Null()]);

const Source = Type.Union([Type.Literal("memory"), Type.Literal("store")]);

/** The first version's current metrics with where they came from, as the summary answers them. */
export const CurrentMetricsReply = Type.Object(
  { source: Source, window_minutes: Type.Number() },
  { additionalProperties: Figure },
);

/** The answer of GET /real-time and the data of each `snapshot` event (docs/api.md describes every field). */
export const RealTimeReply = Type.Object({
  timestamp: Type.String({ format: "date-time" }),
  source: Source,
  current_metrics: Type.Record(Type.String(), Figure),
  warehouse_stats: Type.Object({
    total_events: Type.Number(),
    active_sessions: Type.Number(),
    system_metrics_count: Type.Number(),
    cognitive_metrics_count: Type.Number(),
  }),
  service_stats: Type.Object({
    start_time: Type.String({ format: "date-time" }),
    events_processed: Type.Number(),
    events_rejected: Type.Number(),
    real_time_analytics_calculated: Type.Number(),
  }),
  windows: Type.Record(Type.String(), Type.Unknown()),
});

export interface RealTimeRouteOptions {
  realTime: RealTimeAnalytics;
  maxStreamClients: number;
  intervalMs?: number;
  heartbeatMs?: number;
}

/** Live metrics: one answer, or a snapshot a second over Server-Sent Events. Both need `read`. */
export function registerRealTimeRoutes(app: FastifyInstance, opts: RealTimeRouteOptions): void {
  const { realTime } = opts;
  const hub = new StreamHub(
    () => realTime.snapshot(),
    { maxClients: opts.maxStreamClients, intervalMs: opts.intervalMs ?? 1000, heartbeatMs: opts.heartbeatMs ?? 15_000 },
    (err) => app.log.error({ err }, "live snapshot failed"),
  );
  // Before the server waits for its connections to end: streams would otherwise hold it open.
  app.addHook("preClose", async () => hub.close());

  app.get(
    "/api/analytics/real-time",
    {
      config: { scope: "read" },
      schema: {
        tags: ["analytics"],
        summary: "Live metrics",
        description:
          "The 1, 5, 15 and 60-minute windows, the first version's `current_metrics` (60-minute window) and `warehouse_stats`. Needs a `read` key.",
        response: replies({ 200: RealTimeReply }),
      },
    },
    () => realTime.snapshot(),
  );

  app.get(
    "/api/analytics/stream",
    {
      config: { scope: "read" },
      schema: {
        tags: ["analytics"],
        summary: "Live metrics stream (Server-Sent Events)",
        description:
          "`text/event-stream`: an `event: snapshot` with an `id:` every second (its data as GET /real-time answers), and a `: heartbeat` comment every 15 s. 503 when the stream limit (`liveStreamClients`) is reached. Needs a `read` key.",
      },
    },
    (_request, reply) => {
      hub.connect(reply.raw, reply.getHeaders());
      reply.hijack();
    },
  );
}
