import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestApp, testApp } from "../helpers/test-app.js";

const API = "/api/analytics";

describe("DELETE /api/analytics/users/:id", () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  const eventsOf = async (query: string) =>
    (await t.call({ method: "GET", url: `${API}/events?limit=1000&${query}` })).json().events as Array<{
      event_id: string;
    }>;
  const erase = (id: string, key?: string | null) => t.call({ method: "DELETE", url: `${API}/users/${id}`, key });

  test("erases the user's events and every event of their sessions; others stay; audited", async () => {
    const session = (await t.call({ method: "POST", url: `${API}/session/start`, payload: { user_id: "ann" } })).json()
      .session_id;
    await t.service.trackUserAction({ eventId: "in-session", sessionId: session, action: "no user id" });
    await t.service.trackUserAction({ eventId: "ann-1", userId: "ann", action: "a" });
    await t.service.trackUserAction({ eventId: "bob-1", userId: "bob", action: "b" });
    // Not drained: erasure loads everything acknowledged before deleting.
    const res = await erase("ann");
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { user_id: "ann", erased_events: 3 });
    await t.service.pipeline.drain();
    assert.deepEqual(await eventsOf("user_id=ann"), []);
    assert.deepEqual(await eventsOf(`session_id=${session}`), []);
    assert.deepEqual(
      (await eventsOf("user_id=bob")).map((e) => e.event_id),
      ["bob-1"],
    );
    assert.deepEqual((await erase("ann")).json(), { user_id: "ann", erased_events: 0 });

    const entries = (await t.call({ method: "GET", url: `${API}/audit?action=users.erase` })).json().entries;
    assert.deepEqual(
      entries.map((e: { actor: string; target: string; outcome: string; details: object }) => [
        e.actor,
        e.target,
        e.outcome,
        e.details,
      ]),
      [
        ["admin", "ann", "ok", { erased_events: 0 }],
        ["admin", "ann", "ok", { erased_events: 3 }],
      ],
    );
  });

  test("events acknowledged just before the erasure never reappear afterwards", async () => {
    const acks = [];
    for (let i = 0; i < 200; i++)
      acks.push(t.service.trackUserAction({ eventId: `cid-${i}`, userId: "cid", action: "x" }));
    await Promise.all(acks);
    assert.deepEqual((await erase("cid")).json(), { user_id: "cid", erased_events: 200 });
    // Whatever the loader still had is in the store by now: none of it came back.
    await t.service.pipeline.drain();
    assert.deepEqual(await eventsOf("user_id=cid"), []);
  });

  test("failure answers: 400 naming the id, 401, 403", async () => {
    const long = await erase("u".repeat(300));
    assert.equal(long.statusCode, 400);
    assert.equal(long.json().details[0].field, "id");
    assert.equal((await erase("ann", null)).statusCode, 401);
    const { key } = (
      await t.call({ method: "POST", url: `${API}/keys`, payload: { name: "r", scopes: ["read", "ingest"] } })
    ).json();
    assert.equal((await erase("ann", key)).statusCode, 403);
  });
});
