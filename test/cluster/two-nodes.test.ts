import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { loadConfig } from "../../src/config/config.js";
import { RetentionJob } from "../../src/ingest/retention.js";
import { type RunningServer, startServer } from "../../src/server/start-server.js";
import { eventsPage } from "../../src/store/queries/events-page.js";
import { type ClickHouseServer, startClickHouse } from "../helpers/clickhouse-server.js";
import { tempDir } from "../helpers/test-app.js";

const KEY = "cluster-test-admin-key-0123456789";
const API = "/api/analytics";

/** Polls until `probe` is truthy; fails after `ms` (the product promises 2 s across nodes). */
async function within<T>(ms: number, probe: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`not visible within ${ms} ms`);
    await sleep(25);
  }
}

/** The fields these tests read from the API's answers. */
interface Body {
  [field: string]: unknown;
  event_id?: string;
  session_id?: string;
  id?: string;
  key?: string;
  status?: string;
  user_id?: string;
  events_count?: number;
  cognitive_processes?: number;
  events?: Array<{ event_id: string }>;
}

describe("two API nodes over one ClickHouse", () => {
  let ch: ClickHouseServer;
  const nodes: RunningServer[] = [];
  const dirs: Array<{ remove(): Promise<void> }> = [];

  before(async () => {
    ch = await startClickHouse();
    const storeUrl = ch.storeUrl("two_nodes");
    for (let i = 0; i < 2; i++) {
      const d = await tempDir();
      dirs.push(d);
      const config = loadConfig({ overrides: { port: 0, dataDirectory: d.dir, storeUrl, adminKey: KEY } });
      nodes.push(await startServer(config));
    }
  });
  after(async () => {
    for (const n of nodes) await n.stop();
    await ch.remove();
    for (const d of dirs) await d.remove();
  });

  const call = async (node: number, method: string, path: string, body?: unknown, key = KEY) => {
    const res = await fetch(`${nodes[node]?.url}${API}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: res.status === 204 ? {} : ((await res.json()) as Body) };
  };

  test("each node has its own id", () => {
    assert.notEqual(nodes[0]?.service.node, nodes[1]?.service.node);
  });

  test("an event ingested through one node is visible through the other within 2 s", async () => {
    for (const [from, to] of [
      [0, 1],
      [1, 0],
    ] as const) {
      const res = await call(from, "POST", "/track/action", { action: `via-${from}`, user_id: "cross" });
      assert.equal(res.status, 201);
      const id = res.body.event_id;
      await within(2000, async () => {
        const r = await call(to, "GET", "/events?user_id=cross");
        return r.body.events?.some((e) => e.event_id === id);
      });
    }
  });

  test("a session started on one node is ended on the other, and both see it terminated", async () => {
    const started = await call(0, "POST", "/session/start", { user_id: "roamer" });
    const id = started.body.session_id;
    await call(0, "POST", "/track/cognitive-process", {
      session_id: id,
      membrane_type: "grammar",
      processing_time: 12,
      input_tokens: 3,
      output_tokens: 4,
      success: true,
    });
    await within(2000, async () => (await call(1, "GET", `/sessions/${id}`)).body.events_count === 1);
    assert.equal((await call(1, "POST", `/session/${id}/end`)).status, 200);
    const seen = await within(2000, async () => {
      const s = (await call(0, "GET", `/sessions/${id}`)).body;
      return s.status === "terminated" && s;
    });
    assert.equal(seen.cognitive_processes, 1);
    assert.equal(seen.user_id, "roamer");
  });

  test("ends of one session sent in parallel through both nodes: one 200 in total, one session_end stored", async () => {
    const id = (await call(0, "POST", "/session/start", { user_id: "contested" })).body.session_id;
    await within(2000, async () => (await call(1, "GET", `/sessions/${id}`)).status === 200);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => call(i % 2, "POST", `/session/${id}/end`)));
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    for (const n of nodes) await n.service.pipeline.drain();
    const ends = await nodes[0]?.service.store.run(eventsPage({ eventType: "session_end", sessionId: id, limit: 10 }));
    assert.equal(ends?.length, 1);
    assert.equal(ends?.[0]?.user_id, "contested");
  });

  test("a key created on one node works on the other; its revocation reaches the other within the refresh time", async () => {
    const { id, key } = (await call(0, "POST", "/keys", { name: "app", scopes: ["ingest"] })).body;
    assert.equal((await call(1, "POST", "/track/action", { action: "k" }, key)).status, 201);
    assert.equal((await call(0, "DELETE", `/keys/${id}`)).status, 204);
    assert.equal((await call(0, "POST", "/track/action", { action: "k" }, key)).status, 401);
    await within(15_000, async () => (await call(1, "POST", "/track/action", { action: "k" }, key)).status === 401);
  });

  test("a retry of the same event through the other node is stored once", async () => {
    const body = { action: "retry", event_id: "cluster-retry-1" };
    assert.equal((await call(0, "POST", "/track/action", body)).status, 201);
    // The retry comes after the original is stored, as a client's retry after a lost answer does.
    await within(2000, async () =>
      (await call(1, "GET", "/events?event_type=user_action&limit=1000")).body.events?.some(
        (e) => e.event_id === "cluster-retry-1",
      ),
    );
    assert.equal((await call(1, "POST", "/track/action", body)).status, 201);
    await nodes[1]?.service.pipeline.drain();
    const events = (await call(0, "GET", "/events?event_type=user_action&limit=1000")).body.events ?? [];
    assert.equal(events.filter((e) => e.event_id === "cluster-retry-1").length, 1);
  });

  test("retention runs on one node of the cluster, not on each", async () => {
    const now = Date.now();
    const jobs = nodes.map(
      (n) => new RetentionJob(n.service.store, { node: n.service.node, retentionDays: 365, intervalMs: 60_000 }),
    );
    const [a, b] = await Promise.all(jobs.map((j) => j.runOnce(now)));
    assert.equal([a, b].filter((r) => r !== null).length, 1, `ran on ${JSON.stringify([a, b])}`);
  });
});
