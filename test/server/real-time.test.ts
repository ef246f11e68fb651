import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { loadConfig } from "../../src/config/config.js";
import { RELATIVE_ACCURACY } from "../../src/live/sketch.js";
import { type RunningServer, startServer } from "../../src/server/start-server.js";
import { tempDir } from "../helpers/test-app.js";

const KEY = "real-time-test-admin-key-0123";
const API = "/api/analytics";

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
}

/** Reads `count` events (comments skipped) from an SSE body. */
async function readEvents(body: ReadableStream<Uint8Array>, count: number): Promise<SseEvent[]> {
  const reader = body
    .pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>)
    .getReader();
  const events: SseEvent[] = [];
  let buffer = "";
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const e: SseEvent = {};
      for (const line of block.split("\n")) {
        const m = /^(id|event|data): (.*)$/.exec(line);
        if (m) e[m[1] as keyof SseEvent] = m[2];
      }
      if (e.event) events.push(e);
      end = buffer.indexOf("\n\n");
    }
  }
  await reader.cancel();
  return events;
}

describe("GET /real-time and /stream over HTTP", () => {
  let server: RunningServer;
  let dir: { remove(): Promise<void> };
  let readKey = "";
  let ingestKey = "";

  const get = (path: string, key: string | null = readKey, signal?: AbortSignal) =>
    fetch(`${server.url}${API}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {}, signal });
  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${API}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  before(async () => {
    const d = await tempDir();
    dir = d;
    server = await startServer(
      loadConfig({ overrides: { port: 0, dataDirectory: d.dir, adminKey: KEY, liveStreamClients: 1 } }),
    );
    readKey = (await server.service.keys.create("reader", ["read"])).key;
    ingestKey = (await server.service.keys.create("ingest", ["ingest"])).key;
    // The first version's worked example (§3.1).
    const now = new Date().toISOString();
    for (const body of [
      [
        "cognitive-process",
        {
          membrane_type: "memory",
          processing_time: 10,
          input_tokens: 5,
          output_tokens: 2,
          success: true,
          user_id: "u1",
          timestamp: now,
        },
      ],
      [
        "cognitive-process",
        {
          membrane_type: "reasoning",
          processing_time: 30,
          input_tokens: 5,
          output_tokens: 2,
          success: false,
          user_id: "u2",
          timestamp: now,
        },
      ],
      ["error", { error_type: "E", error_message: "m", timestamp: now }],
      [
        "api-request",
        { endpoint: "/a", method: "GET", status_code: 200, response_time: 100, user_id: "u1", timestamp: now },
      ],
      [
        "api-request",
        { endpoint: "/a", method: "GET", status_code: 200, response_time: 200, user_id: "u1", timestamp: now },
      ],
    ] as const) {
      const res = await post(`/track/${body[0]}`, body[1]);
      assert.equal(res.status, 201, await res.text());
    }
    await server.service.pipeline.drain();
  });
  after(async () => {
    await server.stop();
    await dir.remove();
  });

  test("401 without a key, 403 with an ingest-only key, on both", async () => {
    for (const path of ["/real-time", "/stream"]) {
      assert.equal((await get(path, null)).status, 401);
      assert.equal((await get(path, ingestKey)).status, 403);
    }
  });

  test("/real-time answers the first version's keys with the worked example's values, and the windows", async () => {
    const res = await get("/real-time");
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      source: string;
      current_metrics: Record<string, number>;
      warehouse_stats: Record<string, number>;
      service_stats: Record<string, unknown>;
      windows: Record<string, { events: number }>;
    };
    assert.equal(body.source, "memory");
    const { p95_response_time, ...exact } = body.current_metrics;
    assert.ok(Math.abs((p95_response_time as number) - 195) <= 195 * RELATIVE_ACCURACY);
    assert.deepEqual(exact, {
      active_users: 2,
      user_activity_rate: 2.5,
      event_rate_per_minute: 5 / 60,
      error_rate_percentage: 20,
      avg_response_time: 150,
      avg_cognitive_processing_time: 20,
      cognitive_success_rate: 50,
      membrane_memory_usage: 50,
      membrane_reasoning_usage: 50,
    });
    assert.deepEqual(body.warehouse_stats, {
      total_events: 5,
      active_sessions: 0,
      system_metrics_count: 0,
      cognitive_metrics_count: 2,
    });
    assert.equal(body.service_stats.events_processed, 5);
    assert.equal(body.service_stats.real_time_analytics_calculated, 5);
    assert.deepEqual(
      Object.entries(body.windows).map(([k, w]) => [k, w.events]),
      [
        ["1m", 5],
        ["5m", 5],
        ["15m", 5],
        ["60m", 5],
      ],
    );
  });

  test("/stream pushes numbered snapshots as text/event-stream; past the client limit a 503; a client that goes frees its place", async () => {
    const first = new AbortController();
    const res = await get("/stream", readKey, first.signal);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
    const busy = await get("/stream");
    assert.equal(busy.status, 503);
    assert.ok(busy.headers.get("retry-after"));
    assert.match(((await busy.json()) as { error: string }).error, /At most 1 clients/);

    const events = await readEvents(res.body as ReadableStream<Uint8Array>, 2);
    assert.deepEqual(
      events.map((e) => [e.event, e.id]),
      [
        ["snapshot", "1"],
        ["snapshot", "2"],
      ],
    );
    for (const e of events) {
      const snap = JSON.parse(e.data as string) as { current_metrics: { active_users: number } };
      assert.equal(snap.current_metrics.active_users, 2);
    }
    first.abort();
    // The server sees the close asynchronously; the next client gets in once it has.
    let next = await get("/stream");
    while (next.status === 503) {
      await next.body?.cancel();
      next = await get("/stream");
    }
    assert.equal(next.status, 200);
    const [e] = await readEvents(next.body as ReadableStream<Uint8Array>, 1);
    assert.equal(e?.event, "snapshot");
  });
});

describe("/stream at shutdown", () => {
  test("closing the server ends an open stream", async () => {
    const d = await tempDir();
    const server = await startServer(loadConfig({ overrides: { port: 0, dataDirectory: d.dir, adminKey: KEY } }));
    try {
      const res = await fetch(`${server.url}${API}/stream`, { headers: { authorization: `Bearer ${KEY}` } });
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      await server.stop();
      let done = false;
      while (!done) done = (await reader.read()).done;
      assert.equal(done, true);
    } finally {
      await d.remove();
    }
  });
});
