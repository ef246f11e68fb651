import assert from "node:assert/strict";
import { after, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Random } from "../../src/demo/random.js";
import { type CliServer, startCliServer } from "../helpers/cli-server.js";
import { tempDir } from "../helpers/test-app.js";

const KEY = "crash-test-admin-key-0123456789";

const startServer = (dir: string) => startCliServer(["--data-dir", dir], { ANALYTICS_ADMIN_KEY: KEY });
const kill = (s: CliServer) => s.kill();

const post = (url: string, path: string, body: unknown) =>
  fetch(`${url}/api/analytics${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

type Send = { ids: string[]; path: string; body: unknown };

/** Writers send batches and single events until the server dies; each send is acked or left pending. */
async function loadUntilDeath(url: string, tag: string, acked: Set<string>, pending: Send[]): Promise<void> {
  const writer = async (w: number) => {
    for (let n = 0; ; n++) {
      const single = n % 4 === 3;
      const ids = single ? [`${tag}-${w}-${n}`] : Array.from({ length: 250 }, (_, i) => `${tag}-${w}-${n}-${i}`);
      const send: Send = single
        ? { ids, path: "/track/action", body: { event_id: ids[0], action: "crash-test" } }
        : {
            ids,
            path: "/track/batch",
            body: {
              events: ids.map((event_id) => ({
                event_type: "api_request",
                event_id,
                endpoint: "/api/chat",
                method: "POST",
                status_code: 200,
                response_time: 12,
              })),
            },
          };
      try {
        const res = await post(url, send.path, send.body);
        if (res.status !== 201) throw new Error(`status ${res.status}`);
        await res.arrayBuffer();
        for (const id of ids) acked.add(id);
      } catch {
        pending.push(send);
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, (_, w) => writer(w)));
}

async function allEventIds(url: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const res: Response = await fetch(`${url}/api/analytics/events?limit=1000${cursor ? `&cursor=${cursor}` : ""}`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    assert.equal(res.status, 200);
    const page = (await res.json()) as { events: Array<{ event_id: string }>; next_cursor: string | null };
    ids.push(...page.events.map((e) => e.event_id));
    cursor = page.next_cursor;
  } while (cursor);
  return ids;
}

const dir = await tempDir();
after(() => dir.remove());

const KILLS = 10;

test(`kill -9 at ${KILLS} random moments of ingestion: every acknowledged event is stored exactly once`, {
  timeout: 120_000,
}, async () => {
  const acked = new Set<string>();
  const pending: Send[] = [];
  // Seeded: a failure names a moment that can be replayed.
  const random = new Random(18);

  for (let round = 0; round < KILLS; round++) {
    const server = await startServer(dir.dir);
    const load = loadUntilDeath(server.url, `r${round}`, acked, pending);
    // A random moment, measured in events acknowledged in this round (0: right after the start, while
    // the log is replayed), so the kill hits writes, group commits and loads alike on any machine.
    const moment = acked.size + random.int(0, 3000);
    while (acked.size < moment) await sleep(5);
    await kill(server);
    await load;
  }
  assert.ok(pending.length > 0, "the kill must interrupt requests in flight");

  const server = await startServer(dir.dir);
  try {
    // Clients retry what was never acknowledged; the event ids make the retries idempotent.
    for (const send of pending) {
      const res = await post(server.url, send.path, send.body);
      assert.equal(res.status, 201);
      for (const id of send.ids) acked.add(id);
    }
    const stored = await allEventIds(server.url);
    const counts = new Map<string, number>();
    for (const id of stored) counts.set(id, (counts.get(id) ?? 0) + 1);
    const missing = [...acked].filter((id) => !counts.has(id));
    const twice = [...counts].filter(([, c]) => c > 1).map(([id]) => id);
    assert.deepEqual(missing, [], `${missing.length} acknowledged events lost`);
    assert.deepEqual(twice, [], `${twice.length} events stored twice`);
    assert.equal(stored.length, acked.size);
  } finally {
    await kill(server);
  }
});
