import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import { generateKey, hashKey } from "../../src/auth/keys.js";
import type { Scope } from "../../src/store/port.js";
import { keyRecord } from "../helpers/key-record.js";
import { type TestApp, testApp } from "../helpers/test-app.js";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

interface Row {
  method: string;
  path: string;
  scope: Scope | null;
}

/** The endpoint × scope table of docs/security.md: rows whose first cell is an HTTP method. */
async function scopeTable(): Promise<Row[]> {
  const text = await readFile(new URL("../../docs/security.md", import.meta.url), "utf8");
  const rows: Row[] = [];
  for (const line of text.split("\n")) {
    const cells = line
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim().replaceAll("`", ""));
    if (cells.length !== 3 || !METHODS.has(cells[0] as string)) continue;
    const [method, path, scope] = cells as [string, string, string];
    rows.push({ method, path, scope: scope === "public" ? null : (scope as Scope) });
  }
  return rows;
}

/** A table row covers a route of its method; a GET row covers the automatic HEAD too. */
const rowKey = (method: string, path: string) => `${method} ${path}`;
const concrete = (path: string) => path.replace(/:[A-Za-z_]+/g, "x").replace("*", "x");

describe("docs/security.md: the endpoint × scope table", () => {
  let t: TestApp;
  let rows: Row[];
  const keys: Record<string, string> = {};
  before(async () => {
    // Failed authentications are the point here: the per-IP limit would turn them into 429s.
    t = await testApp({ authFailureLimitPerMinute: 0 });
    rows = await scopeTable();
    for (const scope of ["ingest", "read", "admin"] as const) {
      const res = await t.call({
        method: "POST",
        url: "/api/analytics/keys",
        payload: { name: scope, scopes: [scope] },
      });
      keys[scope] = res.json().key;
    }
    const revoked = (
      await t.call({ method: "POST", url: "/api/analytics/keys", payload: { name: "revoked", scopes: ["admin"] } })
    ).json();
    await t.call({ method: "DELETE", url: `/api/analytics/keys/${revoked.id}` });
    keys.revoked = revoked.key;
    // The API refuses a past expiry, so the expired key is written to the store directly.
    keys.expired = generateKey();
    await t.service.store.insertApiKey(
      keyRecord({
        id: "expired",
        scopes: ["admin"],
        key_hash: hashKey(keys.expired),
        created_at: Date.now() - 2000,
        expires_at: Date.now() - 1000,
      }),
    );
    await t.service.keys.refresh();
    keys.wrong = generateKey();
  });
  after(() => t.close());

  test("every registered route has a row, and every row a route", () => {
    const documented = new Set(rows.map((r) => rowKey(r.method, r.path)));
    const registered = new Set(t.app.routeList.map((r) => rowKey(r.method, r.url)));
    const missing = t.app.routeList
      .filter((r) => !documented.has(rowKey(r.method, r.url)))
      .filter((r) => !(r.method === "HEAD" && documented.has(rowKey("GET", r.url))))
      .map((r) => rowKey(r.method, r.url));
    assert.deepEqual(missing, [], `routes without a row in docs/security.md's scope table: ${missing.join("; ")}`);
    const stale = rows.filter((r) => !registered.has(rowKey(r.method, r.path))).map((r) => rowKey(r.method, r.path));
    assert.deepEqual(stale, [], `rows of docs/security.md's scope table without a route: ${stale.join("; ")}`);
  });

  test("each row's scope is the one the route asks for", () => {
    const scopeOf = new Map(t.app.routeList.map((r) => [rowKey(r.method, r.url), r.scope]));
    for (const row of rows)
      assert.equal(scopeOf.get(rowKey(row.method, row.path)), row.scope, rowKey(row.method, row.path));
  });

  const STREAMS = new Set(["/api/analytics/stream"]);
  let listening: Promise<string> | null = null;
  async function streamStatus(path: string, key: string): Promise<number> {
    listening ??= t.app.listen({ port: 0, host: "127.0.0.1" });
    const base = await listening;
    const hangUp = new AbortController();
    try {
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` }, signal: hangUp.signal });
      return res.status;
    } finally {
      hangUp.abort();
    }
  }

  test("every route answers each credential as its row says", async () => {
    const call = (row: Row, key: string | null) =>
      t.call({
        method: row.method as "GET",
        url: concrete(row.path),
        key,
        ...(row.method === "POST" ? { payload: {} } : {}),
      });
    for (const row of rows) {
      const what = (who: string) => `${row.method} ${row.path} with ${who}`;
      const refused = (status: number) => status === 401 || status === 403;
      if (row.scope === null) {
        for (const who of ["none", "wrong", "revoked", "expired", "ingest", "read", "admin"]) {
          const res = await call(row, who === "none" ? null : (keys[who] as string));
          assert.ok(!refused(res.statusCode) && res.statusCode < 500, `${what(who)}: ${res.statusCode}`);
        }
        continue;
      }
      assert.equal((await call(row, null)).statusCode, 401, what("no key"));
      assert.equal((await call(row, keys.wrong as string)).statusCode, 401, what("a wrong key"));
      assert.equal((await call(row, keys.revoked as string)).statusCode, 401, what("a revoked key"));
      const expired = await call(row, keys.expired as string);
      assert.deepEqual(
        [expired.statusCode, expired.json()],
        [401, { error: "This API key has expired" }],
        what("expired"),
      );
      for (const scope of ["ingest", "read", "admin"] as const) {
        const allowed: boolean = scope === row.scope || scope === "admin";
        // An admitted event stream never ends by itself: read its status over a socket, then hang up.
        const status: number =
          allowed && STREAMS.has(row.path)
            ? await streamStatus(row.path, keys[scope] as string)
            : (await call(row, keys[scope] as string)).statusCode;
        if (allowed) assert.ok(!refused(status) && status < 500, `${what(scope)}: ${status}`);
        else assert.equal(status, 403, what(scope));
      }
    }
  });
});
