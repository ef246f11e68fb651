import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pino } from "pino";
import { generateKey, hashKey, KeyRing, resolveAdminKey } from "../../src/auth/keys.js";
import { ForbiddenError, UnauthorizedError, UnavailableError, ValidationError } from "../../src/errors.js";
import { SCOPES } from "../../src/model/scopes.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import type { Store } from "../../src/store/port.js";

const ADMIN_KEY = "admin-key-for-tests-0123456789";
const KEY_RE = /^dte_[A-Za-z0-9_-]{32}$/;

let dir: string;
let store: DuckDbStore;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "dte-keys-"));
  store = await DuckDbStore.open(join(dir, "keys.duckdb"));
  await store.migrate();
});
after(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const isUnauthorized = (err: unknown) =>
  err instanceof UnauthorizedError && err.status === 401 && err.message === "Missing or invalid API key";
const isForbidden = (scope: string) => (err: unknown) =>
  err instanceof ForbiddenError && err.status === 403 && err.message === `This API key lacks the '${scope}' scope`;

describe("keys", () => {
  test("generated keys are prefixed, 32 base64url characters after it, and differ", () => {
    const a = generateKey();
    const b = generateKey();
    assert.match(a, KEY_RE);
    assert.match(b, KEY_RE);
    assert.notEqual(a, b);
  });

  test("hashKey is hex SHA-256", () => {
    assert.equal(hashKey("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  test("the scopes", () => {
    assert.deepEqual([...SCOPES], ["ingest", "read", "admin"]);
  });
});

describe("KeyRing.authorize", () => {
  test("a missing key is unauthorized", async () => {
    const ring = new KeyRing(store, ADMIN_KEY);
    await assert.rejects(ring.authorize(undefined, "read"), isUnauthorized);
    await assert.rejects(ring.authorize("", "read"), isUnauthorized);
  });

  test("an unknown key is unauthorized", async () => {
    const ring = new KeyRing(store, ADMIN_KEY);
    await assert.rejects(ring.authorize("dte_not-a-real-key", "ingest"), isUnauthorized);
    await assert.rejects(ring.authorize(`${ADMIN_KEY}x`, "ingest"), isUnauthorized);
  });

  test("the admin key may act with every scope", async () => {
    const ring = new KeyRing(store, ADMIN_KEY);
    for (const scope of SCOPES) {
      assert.deepEqual(await ring.authorize(ADMIN_KEY, scope), {
        id: "admin",
        name: "admin",
        scopes: ["admin"],
        expiresAt: null,
        origins: [],
      });
    }
  });

  test("a key may act with its own scopes only", async () => {
    const ring = new KeyRing(store, ADMIN_KEY);
    const { id, key } = await ring.create("ingester", ["ingest"]);
    assert.match(key, KEY_RE);
    assert.deepEqual(await ring.authorize(key, "ingest"), {
      id,
      name: "ingester",
      scopes: ["ingest"],
      expiresAt: null,
      origins: [],
    });
    await assert.rejects(ring.authorize(key, "read"), isForbidden("read"));
    await assert.rejects(ring.authorize(key, "admin"), isForbidden("admin"));
  });

  test("a key with several scopes has each of them", async () => {
    const ring = new KeyRing(store, ADMIN_KEY);
    const { key } = await ring.create("reader-writer", ["read", "ingest", "read"]);
    assert.deepEqual((await ring.authorize(key, "read")).scopes, ["read", "ingest"]);
    assert.equal((await ring.authorize(key, "ingest")).name, "reader-writer");
    await assert.rejects(ring.authorize(key, "admin"), isForbidden("admin"));
  });

  test("a created admin-scoped key is a superscope", async () => {
    const ring = new KeyRing(store, ADMIN_KEY);
    const { key } = await ring.create("ops", ["admin"]);
    assert.equal((await ring.authorize(key, "ingest")).name, "ops");
    assert.equal((await ring.authorize(key, "read")).name, "ops");
    assert.equal((await ring.authorize(key, "admin")).name, "ops");
  });

  test("a key with no scopes is refused at creation", async () => {
    const ring = new KeyRing(store, ADMIN_KEY);
    await assert.rejects(
      ring.create("empty", []),
      (err: unknown) =>
        err instanceof ValidationError &&
        JSON.stringify(err.details) === JSON.stringify([{ field: "scopes", message: "must not be empty" }]),
    );
  });

  test("a revoked key stops working, here and (after a refresh) on another node", async () => {
    const ring = new KeyRing(store, ADMIN_KEY);
    const other = new KeyRing(store, ADMIN_KEY);
    const { id, key } = await ring.create("short-lived", ["read"]);
    assert.equal((await other.authorize(key, "read")).id, id);

    assert.equal(await ring.revoke(id), true);
    await assert.rejects(ring.authorize(key, "read"), isUnauthorized);
    await other.refresh();
    await assert.rejects(other.authorize(key, "read"), isUnauthorized);

    // Revoking again still finds the key; an unknown id is not found.
    assert.equal(await ring.revoke(id), true);
    assert.equal(await ring.revoke("no-such-id"), false);
  });

  test("a key created on another node works here after a refresh", async () => {
    const here = new KeyRing(store, ADMIN_KEY);
    const there = new KeyRing(store, ADMIN_KEY);
    await here.authorize(ADMIN_KEY, "read"); // loads the (current) key list
    const { key } = await there.create("from-elsewhere", ["ingest"]);
    await here.refresh();
    assert.equal((await here.authorize(key, "ingest")).name, "from-elsewhere");
  });
});

describe("KeyRing storage", () => {
  test("only a key's hash is stored, never the key", async () => {
    const ring = new KeyRing(store, ADMIN_KEY);
    const { id, key } = await ring.create("hashed", ["read"]);
    const row = (await store.listApiKeys()).find((k) => k.id === id);
    assert.ok(row);
    assert.equal(row.key_hash, createHash("sha256").update(key).digest("hex"));
    assert.equal(row.name, "hashed");
    assert.deepEqual(row.scopes, ["read"]);
    assert.equal(row.revoked_at, null);
    assert.equal(JSON.stringify(await store.listApiKeys()).includes(key), false);
    assert.equal(JSON.stringify(await ring.list()).includes(key), false);
  });

  test("list shows ids, names, scopes and ISO times, revoked ones included", async () => {
    const s = await DuckDbStore.open(join(dir, "list.duckdb"));
    await s.migrate();
    try {
      const ring = new KeyRing(s, ADMIN_KEY);
      const a = await ring.create("first", ["ingest"]);
      const b = await ring.create("second", ["read", "admin"]);
      await ring.revoke(a.id);
      const listed = await ring.list();
      assert.equal(listed.length, 2);
      const first = listed.find((k) => k.id === a.id);
      const second = listed.find((k) => k.id === b.id);
      assert.ok(first && second);
      assert.equal(first.name, "first");
      assert.deepEqual(first.scopes, ["ingest"]);
      assert.match(first.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      assert.match(first.revoked_at ?? "", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      assert.equal(second.name, "second");
      assert.deepEqual(second.scopes, ["read", "admin"]);
      assert.equal(second.revoked_at, null);
      assert.deepEqual(Object.keys(second).sort(), [
        "allowed_origins",
        "created_at",
        "expires_at",
        "id",
        "name",
        "revoked_at",
        "scopes",
      ]);
    } finally {
      await s.close();
    }
  });
});

describe("KeyRing: expiry and origins", () => {
  const T = Date.UTC(2026, 0, 1, 12);
  const isExpired = (err: unknown) =>
    err instanceof UnauthorizedError && err.status === 401 && err.message === "This API key has expired";

  test("a key works until its expiry and is refused as expired from that instant", async () => {
    let now = T;
    const ring = new KeyRing(store, ADMIN_KEY, { now: () => now });
    const { id, key } = await ring.create("until noon+1h", ["ingest"], { expiresAt: T + 3_600_000 });
    now = T + 3_599_999;
    assert.equal((await ring.authorize(key, "ingest")).id, id);
    now = T + 3_600_000;
    await assert.rejects(ring.authorize(key, "ingest"), isExpired);
    const listed = (await ring.list()).find((k) => k.id === id);
    assert.equal(listed?.expires_at, "2026-01-01T13:00:00.000Z");
  });

  test("an expiry now or in the past, and origins that are not exact, are refused naming the field", async () => {
    const ring = new KeyRing(store, ADMIN_KEY, { now: () => T });
    await assert.rejects(
      ring.create("late", [], { expiresAt: T, origins: ["https://ok.example", "https://app.example.com/", "ftp://x"] }),
      (err: unknown) =>
        err instanceof ValidationError &&
        JSON.stringify(err.details?.map((d) => d.field)) ===
          JSON.stringify(["scopes", "allowed_origins.1", "allowed_origins.2", "expires_at"]),
    );
    for (const bad of [
      "HTTPS://APP.EXAMPLE.COM",
      "https://app.example.com:443",
      "app.example.com",
      "null",
      "https://",
    ]) {
      await assert.rejects(ring.create("o", ["ingest"], { origins: [bad] }), ValidationError, bad);
    }
  });

  test("allowedOrigins is the union over usable keys: revoked and expired keys' origins drop out", async () => {
    const s = await DuckDbStore.open(join(dir, "origins.duckdb"));
    await s.migrate();
    try {
      let now = T;
      const ring = new KeyRing(s, ADMIN_KEY, { now: () => now });
      const a = await ring.create("a", ["ingest"], { origins: ["https://a.example", "http://localhost:8080"] });
      await ring.create("b", ["ingest"], { origins: ["https://b.example", "https://a.example"] });
      await ring.create("c", ["ingest"], { origins: ["https://c.example"], expiresAt: T + 1000 });
      await ring.create("none", ["ingest"]);
      assert.deepEqual([...(await ring.allowedOrigins())].sort(), [
        "http://localhost:8080",
        "https://a.example",
        "https://b.example",
        "https://c.example",
      ]);
      await ring.revoke(a.id);
      now = T + 1000;
      assert.deepEqual([...(await ring.allowedOrigins())].sort(), ["https://a.example", "https://b.example"]);
      // All were created at the same instant (the clock stands still), so they are listed by random id.
      const stored = (await s.listApiKeys())
        .map((k) => [k.name, k.allowed_origins, k.expires_at])
        .sort((x, y) => String(x[0]).localeCompare(String(y[0])));
      assert.deepEqual(stored, [
        ["a", ["https://a.example", "http://localhost:8080"], null],
        ["b", ["https://b.example", "https://a.example"], null],
        ["c", ["https://c.example"], T + 1000],
        ["none", [], null],
      ]);
    } finally {
      await s.close();
    }
  });
});

describe("resolveAdminKey", () => {
  test("generates a key once, saves it with mode 0600 and reuses it", async () => {
    const data = join(dir, "data-generated", "nested");
    const first = await resolveAdminKey(data, undefined);
    assert.equal(first.generated, true);
    assert.match(first.key, KEY_RE);
    const file = join(data, "admin.key");
    assert.equal(await readFile(file, "utf8"), `${first.key}\n`);
    assert.equal((await stat(file)).mode & 0o777, 0o600);

    const second = await resolveAdminKey(data, undefined);
    assert.deepEqual(second, { key: first.key, generated: false });
    assert.equal(await readFile(file, "utf8"), `${first.key}\n`);
  });

  test("a saved key is read back trimmed", async () => {
    const data = await mkdtemp(join(dir, "data-saved-"));
    await writeFile(join(data, "admin.key"), "  saved-admin-key-1234567890  \n");
    assert.deepEqual(await resolveAdminKey(data, undefined), { key: "saved-admin-key-1234567890", generated: false });
  });

  test("an empty saved file (a crash before the key was written) gets a new key", async () => {
    const data = await mkdtemp(join(dir, "data-empty-"));
    const file = join(data, "admin.key");
    await writeFile(file, "\n", { mode: 0o600 });
    const resolved = await resolveAdminKey(data, undefined);
    assert.equal(resolved.generated, true);
    assert.match(resolved.key, KEY_RE);
    assert.equal(await readFile(file, "utf8"), `${resolved.key}\n`);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.deepEqual(await resolveAdminKey(data, undefined), { key: resolved.key, generated: false });
  });

  test("a configured key wins over a saved one, and nothing is written", async () => {
    const data = await mkdtemp(join(dir, "data-configured-"));
    assert.deepEqual(await resolveAdminKey(data, ADMIN_KEY), { key: ADMIN_KEY, generated: false });
    await assert.rejects(stat(join(data, "admin.key")), { code: "ENOENT" });

    const saved = await resolveAdminKey(data, undefined);
    assert.equal(saved.generated, true);
    assert.deepEqual(await resolveAdminKey(data, ADMIN_KEY), { key: ADMIN_KEY, generated: false });
    assert.equal(await readFile(join(data, "admin.key"), "utf8"), `${saved.key}\n`);
  });

  test("the resolved key authorizes as admin", async () => {
    const data = await mkdtemp(join(dir, "data-ring-"));
    const { key } = await resolveAdminKey(data, undefined);
    const ring = new KeyRing(store, key);
    assert.equal((await ring.authorize(key, "admin")).id, "admin");
    await assert.rejects(ring.authorize(ADMIN_KEY, "admin"), isUnauthorized);
  });
});

/** The store as the key ring sees it, with listApiKeys failing while `down` is set. */
function flakyStore(real: DuckDbStore) {
  const state = { down: false, reloads: 0 };
  const flaky = new Proxy(real, {
    get: (target, prop) => {
      if (prop === "listApiKeys") {
        return () => {
          state.reloads += 1;
          return state.down ? Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:8123")) : target.listApiKeys();
        };
      }
      const v = Reflect.get(target, prop);
      return typeof v === "function" ? v.bind(target) : v;
    },
  }) as Store;
  return { store: flaky, state };
}

/** A pino logger writing its lines into `lines`, to check what the ring reported. */
function capturingLogger(lines: Array<{ level: number; msg: string }>) {
  return pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
}

const isUnavailable = (retryAfter: number) => (err: unknown) =>
  err instanceof UnavailableError &&
  err.status === 503 &&
  err.retryAfterSeconds === retryAfter &&
  err.message === "API keys cannot be checked while the store is unreachable; retry later";

describe("KeyRing while the store is unreachable", () => {
  test("known keys and the admin key keep working; an unknown key is 503 with Retry-After; the failure is logged once", async () => {
    const { store: flaky, state } = flakyStore(store);
    let clock = Date.parse("2026-02-01T00:00:00.000Z");
    const lines: Array<{ level: number; msg: string }> = [];
    const ring = new KeyRing(flaky, ADMIN_KEY, { now: () => clock, logger: capturingLogger(lines) });
    const { id, key } = await ring.create("survivor", ["ingest"]);

    state.down = true;
    clock += 10_001; // the key set is stale: the next request reloads it, and that fails
    assert.equal((await ring.authorize(key, "ingest")).id, id);
    assert.equal(state.reloads, 2);
    assert.equal(ring.lastReloadError()?.message, "connect ECONNREFUSED 127.0.0.1:8123");
    assert.equal((await ring.authorize(ADMIN_KEY, "admin")).id, "admin");
    await assert.rejects(ring.authorize(key, "read"), isForbidden("read"));
    await assert.rejects(ring.authorize("dte_made-on-another-node", "ingest"), isUnavailable(1));

    // Within the back-off no request touches the store; after it, one retry runs (and fails again).
    for (let i = 0; i < 5; i++) await ring.authorize(key, "ingest");
    assert.equal(state.reloads, 2);
    clock += 1_000;
    await ring.authorize(key, "ingest");
    await ring.authorize(key, "ingest");
    await new Promise((r) => setImmediate(r));
    assert.equal(state.reloads, 3);
    // The back-off doubled: 2 s until the next try.
    await assert.rejects(ring.authorize("dte_made-on-another-node", "ingest"), isUnavailable(2));

    assert.deepEqual(
      lines.map((l) => [l.level, l.msg]),
      [[40, "API keys could not be reloaded from the store; serving the last known set until it answers"]],
    );

    // The store is back: the next retry reloads, unknown keys are plain 401 again.
    state.down = false;
    clock += 2_000;
    await ring.authorize(key, "ingest");
    assert.equal(state.reloads, 4, "the request started the retry beside it");
    await ring.refresh();
    assert.equal(ring.lastReloadError(), null);
    clock += 101;
    await assert.rejects(ring.authorize("dte_made-on-another-node", "ingest"), isUnauthorized);
    assert.deepEqual(
      lines.map((l) => [l.level, l.msg]),
      [
        [40, "API keys could not be reloaded from the store; serving the last known set until it answers"],
        [30, "API keys reloaded from the store again"],
      ],
    );
  });

  test("the admin key works though the keys were never loaded; other keys wait for the store", async () => {
    const { store: flaky, state } = flakyStore(store);
    state.down = true;
    const ring = new KeyRing(flaky, ADMIN_KEY);
    assert.equal((await ring.authorize(ADMIN_KEY, "ingest")).id, "admin");
    assert.equal(state.reloads, 0, "the admin key needs no store");
    await assert.rejects(ring.authorize("dte_some-key", "read"), isUnavailable(1));
    await assert.rejects(ring.refresh(), /ECONNREFUSED/);
  });
});
