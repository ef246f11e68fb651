import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { loadConfig } from "../../src/config/config.js";
import { type RunningServer, startServer } from "../../src/server/start-server.js";
import { eventsPage } from "../../src/store/queries/events-page.js";
import { startCliServer } from "../helpers/cli-server.js";
import { type ClickHouseServer, startClickHouse } from "../helpers/clickhouse-server.js";
import { statsOf } from "../helpers/store-reads.js";
import { tempDir } from "../helpers/test-app.js";

const KEY = "outage-test-admin-key-0123456789";
const API = "/api/analytics";

async function post(url: string, path: string, body: unknown, key = KEY): Promise<Response> {
  return fetch(`${url}${API}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function health(
  url: string,
): Promise<{ status: number; body: Record<string, Record<string, Record<string, unknown>>> }> {
  const res = await fetch(`${url}${API}/health/details`, { headers: { authorization: `Bearer ${KEY}` } });
  return { status: res.status, body: (await res.json()) as never };
}

const batch = (prefix: string, n: number) => ({
  events: Array.from({ length: n }, (_, i) => ({
    event_type: "api_request",
    event_id: `${prefix}-${i}`,
    endpoint: "/api/chat",
    method: "POST",
    status_code: 200,
    response_time: 20,
  })),
});

describe("ClickHouse outages", () => {
  let ch: ClickHouseServer;
  let node: RunningServer;
  const dirs: Array<{ remove(): Promise<void> }> = [];

  const start = async (database: string, overrides: Record<string, unknown> = {}) => {
    const d = await tempDir();
    dirs.push(d);
    const config = loadConfig({
      overrides: { port: 0, dataDirectory: d.dir, storeUrl: ch.storeUrl(database), adminKey: KEY, ...overrides },
    });
    return startServer(config);
  };

  before(async () => {
    ch = await startClickHouse();
  });
  after(async () => {
    await node?.stop();
    await ch.remove();
    for (const d of dirs) await d.remove();
  });

  test("ingestion through an ingest key and the admin key goes on for 30 s of ClickHouse outage; afterwards every acknowledged event is stored exactly once", async () => {
    node = await start("outage");
    const created = await post(node.url, "/keys", { name: "ingester", scopes: ["ingest"] });
    assert.equal(created.status, 201);
    const ingestKey = ((await created.json()) as { key: string }).key;

    const acked = new Set<string>();
    const ackedBy = { admin: 0, ingest: 0 };
    let stop = false;
    let round = 0;
    // Two writers per key, each sending 100 events every 50 ms or so: a steady stream, not a flood.
    const writer = async (name: keyof typeof ackedBy, key: string) => {
      while (!stop) {
        const prefix = `${name}-${round++}`;
        const res = await post(node.url, "/track/batch", batch(prefix, 100), key);
        assert.equal(res.status, 201, `ingestion with the ${name} key must keep answering`);
        for (const e of ((await res.json()) as { accepted: Array<{ event_id: string }> }).accepted) {
          acked.add(e.event_id);
          ackedBy[name] += 1;
        }
        await sleep(50);
      }
    };
    const writers = Promise.all([
      writer("admin", KEY),
      writer("admin", KEY),
      writer("ingest", ingestKey),
      writer("ingest", ingestKey),
    ]);

    while (acked.size < 3000) await sleep(10);
    await ch.kill();
    // Past the key ring's 10 s refresh: from here on every reload of the keys fails.
    await sleep(12_000);
    const keysStale = { ...ackedBy };
    const unknown = await post(node.url, "/track/action", { action: "x" }, "dte_never-seen-on-this-node");
    assert.equal(unknown.status, 503, "a key this node never saw cannot be checked during the outage");
    assert.ok(Number(unknown.headers.get("retry-after")) >= 1);
    const down = await health(node.url);
    assert.equal(down.status, 503);
    assert.equal(down.body.overall_health, "degraded" as never);
    assert.equal(down.body.components?.store?.status, "down");
    assert.equal(down.body.components?.loader?.status, "waiting_for_store");
    assert.ok(Number(down.body.components?.loader?.backlog_bytes) > 0);
    await sleep(18_000);
    assert.ok(ackedBy.admin > keysStale.admin, "the admin key worked throughout the outage");
    assert.ok(ackedBy.ingest > keysStale.ingest, "the ingest key worked throughout the outage");

    await ch.restart();
    await sleep(500);
    stop = true;
    await writers;
    await node.service.pipeline.drain(60_000);

    const up = await health(node.url);
    assert.equal(up.status, 200);
    assert.equal(up.body.components?.loader?.backlog_bytes, 0 as never);

    const stored = new Map<string, number>();
    let after: { at: number; id: string } | undefined;
    for (;;) {
      const page = await node.service.store.run(eventsPage({ limit: 10_000, after }));
      for (const e of page) stored.set(e.event_id, (stored.get(e.event_id) ?? 0) + 1);
      const last = page[page.length - 1];
      if (!last || page.length < 10_000) break;
      after = { at: last.timestamp, id: last.event_id };
    }
    const missing = [...acked].filter((id) => !stored.has(id));
    const twice = [...stored].filter(([, n]) => n > 1);
    assert.deepEqual(missing, [], `${missing.length} acknowledged events lost`);
    assert.deepEqual(twice, [], `${twice.length} events stored twice`);
    assert.equal(stored.size, acked.size);
  });

  test("a node started while ClickHouse is down waits for it, then serves", async () => {
    const d = await tempDir();
    dirs.push(d);
    await ch.kill();
    let waiting: () => void = () => undefined;
    const sawWaiting = new Promise<void>((resolve) => {
      waiting = resolve;
    });
    const starting = startCliServer(
      ["--data-dir", d.dir, "--store", ch.storeUrl("late")],
      { ANALYTICS_ADMIN_KEY: KEY },
      (stderr) => {
        if (/Waiting for the store/.test(stderr)) waiting();
      },
    );
    await sawWaiting;
    await ch.restart();
    const late = await starting;
    try {
      const res = await post(late.url, "/track/action", { action: "late" });
      assert.equal(res.status, 201);
      assert.equal((await health(late.url)).status, 200);
    } finally {
      await late.kill();
    }
  });

  test("when the log's backlog cap is reached, ingestion answers 503 with Retry-After and loses nothing", async () => {
    const small = await start("capped", { maxBacklogBytes: 256 * 1024, logSegmentBytes: 64 * 1024 });
    try {
      await ch.kill();
      const acked: string[] = [];
      let refused: Response | null = null;
      for (let i = 0; i < 100 && !refused; i++) {
        const res = await post(small.url, "/track/batch", batch(`cap-${i}`, 100));
        if (res.status === 503) refused = res;
        else {
          assert.equal(res.status, 201);
          acked.push(
            ...((await res.json()) as { accepted: Array<{ event_id: string }> }).accepted.map((a) => a.event_id),
          );
        }
      }
      assert.ok(refused, "the cap must be reached");
      assert.ok(Number(refused.headers.get("retry-after")) > 0);
      assert.match(((await refused.json()) as { error: string }).error, /./);

      await ch.restart();
      await small.service.pipeline.drain(60_000);
      const after = await post(small.url, "/track/batch", batch("cap-after", 10));
      assert.equal(after.status, 201, "accepted again once the backlog drained");
      await small.service.pipeline.drain(60_000);
      const stats = await statsOf(small.service.store);
      assert.equal(stats.total_events, acked.length + 10);
    } finally {
      await small.stop();
    }
  });
});
