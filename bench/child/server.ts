/**
 * A server under test, run in its own process so that the load generator (autocannon, in the
 * parent) does not share its event loop. `product`: the real server (startServer) on a data
 * directory; `plain`: a bare Fastify app whose one POST route parses the JSON body and replies
 * 201 {"event_id": randomUUID()} — the ceiling a Node HTTP server reaches on this machine.
 */
import { randomUUID } from "node:crypto";
import Fastify from "fastify";
import { loadConfig } from "../../src/config/config.js";
import { type RunningServer, startServer } from "../../src/server/start-server.js";
import { statsOf } from "../../test/helpers/store-reads.js";
import { camelEvent, eventList } from "../lib/events.js";
import type { ChildArgs, ChildMessage, Command, DrainResult, PrefillResult, StatsResult } from "./protocol.js";

const DRAIN_TIMEOUT_MS = 600_000;

const args = JSON.parse(process.argv[2] ?? "{}") as ChildArgs;
const send = (m: ChildMessage) => process.send?.(m);
const usage = () => {
  const cpu = process.cpuUsage();
  return { rss: process.memoryUsage().rss, cpuMicros: cpu.user + cpu.system };
};

async function startPlain(): Promise<{ url: string; stop: () => Promise<void> }> {
  const app = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
  app.post("/api/analytics/track/action", async (request, reply) => {
    const body = request.body as { action?: unknown };
    if (typeof body?.action !== "string") return reply.code(400).send({ error: "action is required" });
    return reply.code(201).send({ event_id: randomUUID() });
  });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  return { url, stop: () => app.close() };
}

async function prefill(server: RunningServer, c: Extract<Command, { cmd: "prefill" }>): Promise<PrefillResult> {
  const { service } = server;
  // Built once and reused: the product gives each event its own id, so each call stores new rows.
  const batches = Array.from({ length: c.concurrency }, (_, k) => eventList(k * c.batchSize, c.batchSize, camelEvent));
  const started = performance.now();
  let next = 0;
  const total = Math.ceil(c.events / c.batchSize);
  await Promise.all(
    batches.map(async (batch) => {
      while (next < total) {
        next += 1;
        const r = await service.trackBatch(batch);
        if (r.rejected.length) throw new Error(`prefill: ${r.rejected.length} events rejected`);
      }
    }),
  );
  const acked = performance.now();
  await service.pipeline.drain(DRAIN_TIMEOUT_MS);
  const drained = performance.now();
  return { ackMs: acked - started, drainMs: drained - acked, stored: (await statsOf(service.store)).total_events };
}

async function main(): Promise<void> {
  let handle: (c: Command) => Promise<unknown>;
  let close: () => Promise<void>;
  let url: string;
  if (args.mode === "plain") {
    const plain = await startPlain();
    url = plain.url;
    close = plain.stop;
    handle = async (c) => {
      if (c.cmd === "stats") return { accepted: 0, stored: 0, ...usage() } satisfies StatsResult;
      if (c.cmd === "drain") return { ms: 0 } satisfies DrainResult;
      throw new Error(`plain server cannot ${c.cmd}`);
    };
  } else {
    // The per-key rate limit is off: the bench measures what ingestion can take, not the limit (npm run soak does).
    const config = loadConfig({
      overrides: {
        port: 0,
        host: "127.0.0.1",
        dataDirectory: args.dataDirectory,
        adminKey: args.adminKey,
        rateLimitPerMinute: 0,
      },
    });
    const server = await startServer(config);
    url = server.url;
    close = server.stop;
    handle = async (c) => {
      if (c.cmd === "drain") {
        const t = performance.now();
        await server.service.pipeline.drain(DRAIN_TIMEOUT_MS);
        return { ms: performance.now() - t } satisfies DrainResult;
      }
      if (c.cmd === "prefill") return prefill(server, c);
      if (c.cmd === "stats") {
        return {
          accepted: server.service.pipeline.status().accepted,
          stored: (await statsOf(server.service.store)).total_events,
          ...usage(),
        } satisfies StatsResult;
      }
      throw new Error(`unknown command ${c.cmd}`);
    };
  }

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= close();
    return stopping;
  };
  process.on("message", (m: { id: number } & Command) => {
    const run = async () => {
      if (m.cmd === "stop") {
        await stop();
        return null;
      }
      return handle(m);
    };
    run().then(
      (result) => {
        send({ type: "reply", id: m.id, ok: true, result });
        if (m.cmd === "stop") process.disconnect();
      },
      (err: Error) => send({ type: "reply", id: m.id, ok: false, error: err.stack ?? err.message }),
    );
  });
  // The parent going away must not leave a server behind.
  process.on("disconnect", () => {
    void stop().finally(() => process.exit(0));
  });
  send({ type: "ready", url });
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
