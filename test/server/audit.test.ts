import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { RECORDED_PER_MINUTE } from "../../src/audit/denied-attempts.js";
import { type TestApp, testApp } from "../helpers/test-app.js";

const API = "/api/analytics";

interface Entry {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  ip: string | null;
  outcome: string;
  details: Record<string, unknown>;
}

describe("GET /api/analytics/audit", () => {
  let t: TestApp;
  let readKey: string;
  let keyId: string;
  before(async () => {
    t = await testApp();
    const made = await t.call({ method: "POST", url: `${API}/keys`, payload: { name: "reader", scopes: ["read"] } });
    ({ key: readKey, id: keyId } = made.json());
  });
  after(() => t.close());

  const audit = async (query = ""): Promise<{ entries: Entry[]; next_cursor: string | null }> => {
    const res = await t.call({ method: "GET", url: `${API}/audit${query}` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  test("a key's creation and revocation are recorded: who, what, target, from where; never the secret", async () => {
    const { key: opsKey, id: opsId } = (
      await t.call({ method: "POST", url: `${API}/keys`, payload: { name: "ops", scopes: ["admin"] } })
    ).json();
    const temp = (
      await t.call({ method: "POST", url: `${API}/keys`, payload: { name: "temp", scopes: ["ingest"] }, key: opsKey })
    ).json();
    assert.equal((await t.call({ method: "DELETE", url: `${API}/keys/${temp.id}`, key: opsKey })).statusCode, 204);
    assert.equal((await t.call({ method: "DELETE", url: `${API}/keys/nope`, key: opsKey })).statusCode, 404);

    const { entries } = await audit("?action=keys.revoke");
    assert.deepEqual(
      entries.map(({ actor, action, target, ip, outcome }) => ({ actor, action, target, ip, outcome })),
      [
        { actor: opsId, action: "keys.revoke", target: "nope", ip: "127.0.0.1", outcome: "failed" },
        { actor: opsId, action: "keys.revoke", target: temp.id, ip: "127.0.0.1", outcome: "ok" },
      ],
    );
    const created = (await audit("?action=keys.create")).entries;
    assert.deepEqual(
      created.map((e) => [e.actor, e.details]),
      [
        [opsId, { name: "temp", scopes: ["ingest"], key_id: temp.id }],
        ["admin", { name: "ops", scopes: ["admin"], key_id: opsId }],
        ["admin", { name: "reader", scopes: ["read"], key_id: keyId }],
      ],
    );
    assert.match(created[0]?.at ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const all = JSON.stringify(await audit("?limit=1000"));
    assert.ok(!all.includes(opsKey) && !all.includes(readKey), "no secret in the trail");
  });

  test("failed admin attempts are recorded (the first 5 per address and minute, then a count); others are not", async () => {
    assert.equal((await t.call({ method: "GET", url: `${API}/audit`, key: null })).statusCode, 401);
    assert.equal((await t.call({ method: "GET", url: `${API}/audit`, key: "wrong-key-000000000000" })).statusCode, 401);
    assert.equal((await t.call({ method: "GET", url: `${API}/keys`, key: readKey })).statusCode, 403);
    for (let i = 0; i < 4; i++) await t.call({ method: "DELETE", url: `${API}/users/ann`, key: null });
    // A refused ingestion request is not an admin attempt.
    assert.equal(
      (await t.call({ method: "POST", url: `${API}/track/action`, payload: { action: "x" }, key: null })).statusCode,
      401,
    );

    const denied = (await audit("?action=auth.denied")).entries;
    assert.equal(denied.length, RECORDED_PER_MINUTE);
    assert.deepEqual(
      denied.reverse().map((e) => [e.actor, e.target, e.ip, e.outcome, e.details.status]),
      [
        ["unknown", "GET /api/analytics/audit", "127.0.0.1", "denied", 401],
        ["unknown", "GET /api/analytics/audit", "127.0.0.1", "denied", 401],
        [keyId, "GET /api/analytics/keys", "127.0.0.1", "denied", 403], // a valid key lacking the scope is named
        ["unknown", "DELETE /api/analytics/users/:id", "127.0.0.1", "denied", 401],
        ["unknown", "DELETE /api/analytics/users/:id", "127.0.0.1", "denied", 401],
      ],
    );
    assert.deepEqual((await audit("?action=auth.denied.suppressed")).entries, []);
    await t.service.deniedAttempts.flush(Date.now() + 60_000);
    const [suppressed] = (await audit("?action=auth.denied.suppressed")).entries;
    assert.deepEqual([suppressed?.ip, suppressed?.details.count], ["127.0.0.1", 2]);
  });

  test("filters by actor and time; pages with next_cursor, every entry once", async () => {
    const mine = (await audit("?actor=admin&action=keys.create")).entries;
    assert.equal(mine.length, 2);
    assert.deepEqual((await audit("?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z")).entries, []);
    const everything = (await audit("?limit=1000")).entries.map((e) => e.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { entries: Entry[]; next_cursor: string | null } = await audit(
        `?limit=3${cursor ? `&cursor=${cursor}` : ""}`,
      );
      paged.push(...page.entries.map((e) => e.id));
      cursor = page.next_cursor;
    } while (cursor);
    assert.deepEqual(paged, everything);
  });

  test("failure answers: 400 naming the field, 401, 403; nothing deletes the trail (405)", async () => {
    const field = async (query: string) =>
      (await t.call({ method: "GET", url: `${API}/audit${query}` })).json().details?.[0]?.field;
    assert.equal(await field("?limit=0"), "limit");
    assert.equal(await field("?action=DROP%20TABLE"), "action");
    assert.equal(await field("?cursor=nonsense"), "cursor");
    assert.equal(await field("?from=yesterday"), "from");
    assert.equal(await field("?colour=red"), "colour");
    assert.equal((await t.call({ method: "GET", url: `${API}/audit`, key: readKey })).statusCode, 403);
    assert.equal((await t.call({ method: "GET", url: `${API}/audit`, key: null })).statusCode, 401);
    assert.equal((await t.call({ method: "DELETE", url: `${API}/audit` })).statusCode, 405);
  });
});
