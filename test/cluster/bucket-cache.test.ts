import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { RunningServer } from "../../src/server/start-server.js";
import { bucketCacheOf } from "../../src/store/cache/cached-reads.js";
import { type Cluster, startCluster } from "../helpers/cluster.js";

// Two API nodes over one ClickHouse, each with its own bucket cache: an event one node stores
// into an old, closed hour shows in the other's cached series.

const KEY = "cluster-cache-admin-key-0123456789";
const HOUR = 3_600_000;
const NOW_HOUR = Math.floor(Date.now() / HOUR) * HOUR;
const SPAN = { from: NOW_HOUR - 4 * HOUR, to: NOW_HOUR, timeZone: "UTC" };

let cluster: Cluster;

before(async () => {
  cluster = await startCluster("bucket_cache", KEY);
});
after(() => cluster?.stop());

const node = (i: number) => cluster.nodes[i] as RunningServer;

async function track(i: number, action: string, hoursAgo: number): Promise<void> {
  const res = await fetch(`${node(i).url}/api/analytics/track/action`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify({
      action,
      user_id: "cache",
      timestamp: new Date(NOW_HOUR - hoursAgo * HOUR + 60_000).toISOString(),
    }),
  });
  assert.equal(res.status, 201);
}

/** Node i's hourly event counts over the 4 closed hours, oldest first. */
async function counts(i: number): Promise<Array<number | null>> {
  return (await node(i).service.insights.series("events", SPAN, "hour")).points.map((p) => p.value);
}

/** Polls until node i counts `want` (the product promises 2 s across nodes). */
async function sees(i: number, want: number[]): Promise<void> {
  const deadline = Date.now() + 2_000;
  for (;;) {
    const got = await counts(i);
    if (JSON.stringify(got) === JSON.stringify(want)) return;
    if (Date.now() > deadline) assert.deepEqual(got, want, `node ${i}`);
    await sleep(25);
  }
}

test("a late event stored through one node shows in the other's cached hourly series", async () => {
  await track(0, "a", 4);
  await track(0, "b", 2);
  await sees(0, [1, 0, 1, 0]);
  await sees(1, [1, 0, 1, 0]);
  for (const i of [0, 1]) assert.equal(bucketCacheOf(node(i).service.store).size > 0, true, `node ${i} keeps buckets`);
  // Late events into closed hours, each through the other node.
  await track(1, "c", 4);
  await sees(0, [2, 0, 1, 0]);
  await track(0, "d", 1);
  await sees(1, [2, 0, 1, 1]);
  await sees(0, [2, 0, 1, 1]);
});
