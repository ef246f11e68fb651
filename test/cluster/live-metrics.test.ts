import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { RunningServer } from "../../src/server/start-server.js";
import { type Cluster, startCluster } from "../helpers/cluster.js";

const KEY = "cluster-live-admin-key-0123456789";
const API = "/api/analytics";

interface Snapshot {
  source: string;
  current_metrics: Record<string, number | null>;
  warehouse_stats: Record<string, number>;
  windows: Record<string, Record<string, unknown>>;
}

describe("live metrics of two nodes over one ClickHouse", () => {
  let cluster: Cluster;
  let nodes: RunningServer[] = [];

  before(async () => {
    cluster = await startCluster("live_nodes", KEY);
    nodes = cluster.nodes;
  });
  after(() => cluster?.stop());

  const call = async (node: number, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${nodes[node]?.url}${API}${path}`, {
      method,
      headers: { authorization: `Bearer ${KEY}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  test("events ingested through either node give the same figures on both, from the store", async () => {
    const ts = new Date(Date.now() - 20_000).toISOString();
    const sent: Array<[number, string, unknown]> = [
      [
        0,
        "api-request",
        { endpoint: "/a", method: "GET", status_code: 200, response_time: 100, user_id: "u1", timestamp: ts },
      ],
      [
        1,
        "api-request",
        { endpoint: "/a", method: "GET", status_code: 503, response_time: 300, user_id: "u2", timestamp: ts },
      ],
      [
        0,
        "cognitive-process",
        {
          membrane_type: "memory",
          model: "m1",
          processing_time: 10,
          input_tokens: 7,
          output_tokens: 3,
          success: true,
          user_id: "u1",
          timestamp: ts,
        },
      ],
      [1, "error", { error_type: "E", error_message: "boom", timestamp: ts }],
    ];
    for (const [node, path, body] of sent) assert.equal((await call(node, "POST", `/track/${path}`, body)).status, 201);
    for (const n of nodes) await n.service.pipeline.drain();
    // Past the one-second cache of anything read before the events were stored.
    await new Promise((r) => setTimeout(r, 1100));

    const [a, b] = (await Promise.all([call(0, "GET", "/real-time"), call(1, "GET", "/real-time")])).map(
      (r) => r.body as Snapshot,
    );
    const figures = (s: Snapshot) => ({
      source: s.source,
      current_metrics: s.current_metrics,
      warehouse_stats: s.warehouse_stats,
      windows: Object.fromEntries(Object.entries(s.windows).map(([k, w]) => [k, { ...w, from: null, to: null }])),
    });
    assert.deepEqual(figures(a as Snapshot), figures(b as Snapshot));
    assert.equal(a?.source, "store");
    const w = a?.windows["1m"] as {
      events: number;
      active_users: number;
      errors: Record<string, number>;
      response_time: Record<string, number>;
    };
    assert.equal(w.events, 4);
    assert.equal(w.active_users, 2);
    assert.deepEqual(w.errors, {
      error_events: 1,
      server_errors: 1,
      error_event_rate: 25,
      server_error_rate: 50,
      combined_error_rate: 50,
    });
    // Exact on the store: numpy's p95 of [100, 300] is 290.
    assert.deepEqual(w.response_time, { samples: 2, avg: 200, p50: 200, p95: 290, p99: 298 });
    assert.equal(a?.warehouse_stats.total_events, 4);
    assert.equal(a?.warehouse_stats.cognitive_metrics_count, 1);
  });
});
