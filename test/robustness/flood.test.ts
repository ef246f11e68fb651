import assert from "node:assert/strict";
import { after, before, describe, mock, test } from "node:test";
import { type TestApp, testApp } from "../helpers/test-app.js";

const LIMIT = 100;
const REQUESTS = 400;
const CONNECTIONS = 20;

/**
 * The short flood of `npm test` (the 30-second one at twice the capacity is `npm run soak`): a real
 * server on 127.0.0.1 with a low per-key limit, sent four times that limit by 20 concurrent clients.
 */
describe("flood: a low per-key limit on a real server", () => {
  let t: TestApp;
  let url = "";
  before(async () => {
    t = await testApp({ rateLimitPerMinute: LIMIT });
    url = await t.app.listen({ host: "127.0.0.1", port: 0 });
  });
  after(async () => {
    mock.timers.reset();
    await t.close();
  });

  test("exactly the limit is accepted, the rest is 429 with Retry-After; all accepted events are stored; a minute later it works again", async () => {
    mock.timers.enable({ apis: ["Date"], now: Date.now() });
    const key = (
      await t.call({
        method: "POST",
        url: "/api/analytics/keys",
        payload: { name: "flood", scopes: ["ingest", "read"] },
      })
    ).json().key as string;
    const send = (n: number) =>
      fetch(`${url}/api/analytics/track/action`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ event_id: `flood-${n}`, action: "flood", user_id: "flood" }),
      });
    const statuses = new Map<number, number>();
    const accepted: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        for (let n = next++; n < REQUESTS; n = next++) {
          const res = await send(n);
          const body = (await res.json()) as { error?: string };
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 201) accepted.push(`flood-${n}`);
          else {
            assert.equal(res.status, 429);
            assert.equal(body.error, `Rate limit of ${LIMIT} requests a minute exceeded for API key 'flood'`);
            assert.match(res.headers.get("retry-after") ?? "", /^[1-9]\d?$/);
          }
        }
      }),
    );
    assert.deepEqual(Object.fromEntries(statuses), { 201: LIMIT, 429: REQUESTS - LIMIT });

    // Recovery by itself: once the minute is over the same key is served again, with no restart.
    mock.timers.tick(60_000);
    const again = await send(REQUESTS);
    assert.equal(again.status, 201);
    accepted.push(`flood-${REQUESTS}`);

    await t.service.pipeline.drain();
    const stored = await t.call({ method: "GET", url: "/api/analytics/events?user_id=flood&limit=1000" });
    const ids = (stored.json().events as Array<{ event_id: string }>).map((e) => e.event_id).sort();
    assert.deepEqual(ids, accepted.sort());
  });
});
