import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { backupTables } from "../../src/backup/tables.js";
import type { AuditRow, Store } from "../../src/store/port.js";
import { auditPage } from "../../src/store/queries/audit-page.js";
import { eventsPage } from "../../src/store/queries/events-page.js";
import { statsOf } from "../helpers/store-reads.js";
import { ev, ids, MIN, migrated, type OpenStore, T0 } from "./store-contract.js";

/**
 * The governance part of the store contract (issue 18): retention per event type, erasure of one
 * user, the append-only audit trail and whole-table snapshots, with concrete values. Run on DuckDB
 * by test/store/duckdb-store.test.ts and on ClickHouse by test/parity/store.test.ts.
 */
export function governanceContract(engine: string, open: OpenStore): void {
  describe(`${engine} store contract: retention per type`, () => {
    let store: Store;
    before(async () => {
      store = await migrated(open, "retention_type");
    });
    after(() => store.close());

    test("deleteEventsBefore with a type removes that type's old events only", async () => {
      await store.insertEvents(
        [
          ev("a0", "api_request", T0, { data: { endpoint: "/a" } }),
          ev("a1", "api_request", T0 + 3 * MIN, { data: { endpoint: "/a" } }),
          ev("u0", "user_action", T0),
          ev("e0", "error", T0 + MIN, { data: { error_type: "E", error_message: "m" } }),
        ],
        "n",
        { segment: 1, offset: 1 },
      );
      assert.equal(await store.deleteEventsBefore(T0 + 2 * MIN, "api_request"), 1);
      assert.equal(await store.deleteEventsBefore(T0 + 2 * MIN, "api_request"), 0);
      assert.equal(await store.deleteEventsBefore(T0 + 2 * MIN, "performance"), 0);
      assert.deepEqual(ids(await store.run(eventsPage({ limit: 10 }))), ["a1", "e0", "u0"]);
      assert.equal(await store.deleteEventsBefore(T0 + 2 * MIN, "error"), 1);
      assert.deepEqual(ids(await store.run(eventsPage({ limit: 10 }))), ["a1", "u0"]);
    });

    test("an id deleted by type may be stored again (its old copy no longer counts as stored)", async () => {
      assert.equal(
        await store.insertEvents([ev("a0", "api_request", T0 + 4 * MIN)], "n", { segment: 1, offset: 2 }),
        1,
      );
      assert.equal((await statsOf(store)).total_events, 3);
    });
  });

  describe(`${engine} store contract: erasure`, () => {
    let store: Store;
    before(async () => {
      store = await migrated(open, "erasure");
    });
    after(() => store.close());

    test("eraseUser removes the user's events and their sessions' events, nobody else's", async () => {
      await store.insertEvents(
        [
          ev("s-start", "session_start", T0, { user: "ann", session: "s1" }),
          ev("s-anon", "user_action", T0 + MIN, { session: "s1" }),
          ev("ann-2", "user_action", T0 + 2 * MIN, { user: "ann" }),
          ev("bob-1", "user_action", T0 + 3 * MIN, { user: "bob", session: "s2" }),
          ev("anon", "user_action", T0 + 4 * MIN),
        ],
        "n",
        { segment: 1, offset: 1 },
      );
      assert.equal(await store.eraseUser("ann"), 3);
      assert.deepEqual(ids(await store.run(eventsPage({ limit: 10 }))), ["anon", "bob-1"]);
      assert.equal(await store.eraseUser("ann"), 0);
      assert.equal(await store.eraseUser("nobody"), 0);
      // An erased id sent again is new data, stored again.
      assert.equal(
        await store.insertEvents([ev("ann-2", "user_action", T0 + 5 * MIN, { user: "ann" })], "n", {
          segment: 1,
          offset: 2,
        }),
        1,
      );
    });
  });

  describe(`${engine} store contract: audit trail and snapshots`, () => {
    let store: Store;
    let copy: Store;
    let dir: string;
    const row = (id: string, at: number, more: Partial<AuditRow> = {}): AuditRow => ({
      id,
      at,
      actor: "admin",
      action: "keys.create",
      target: null,
      ip: "127.0.0.1",
      outcome: "ok",
      details: "{}",
      ...more,
    });
    before(async () => {
      store = await migrated(open, "audit");
      copy = await migrated(open, "audit_restored");
      dir = await mkdtemp(join(tmpdir(), "dte-snapshot-"));
    });
    after(async () => {
      await store.close();
      await copy.close();
      await rm(dir, { recursive: true, force: true });
    });

    test("appended entries are listed newest first with their details, quoting kept", async () => {
      await store.appendAudit([
        row("x1", T0, { details: '{"name":"it\'s","n":2}' }),
        row("x2", T0 + 1, { actor: "k-1", action: "users.erase", target: "ann", ip: null, outcome: "failed" }),
      ]);
      assert.deepEqual(await store.run(auditPage({ limit: 10 })), [
        {
          id: "x2",
          at: T0 + 1,
          actor: "k-1",
          action: "users.erase",
          target: "ann",
          ip: null,
          outcome: "failed",
          details: {},
        },
        {
          id: "x1",
          at: T0,
          actor: "admin",
          action: "keys.create",
          target: null,
          ip: "127.0.0.1",
          outcome: "ok",
          details: { name: "it's", n: 2 },
        },
      ]);
    });

    test("a snapshot writes every table with its row count; restored into an empty store it reads the same", async () => {
      await store.insertEvents(
        [ev("b1", "user_action", T0, { user: "u" }), ev("b2", "error", T0 + MIN, { data: { error_type: "E" } })],
        "node-a",
        { segment: 3, offset: 40 },
      );
      await store.insertApiKey({
        id: "k1",
        name: "ingest",
        scopes: ["ingest"],
        key_hash: "h1",
        created_at: T0,
        revoked_at: null,
        expires_at: null,
        allowed_origins: [],
      });
      const snapshot = await store.snapshotTables(backupTables(engine), dir);
      assert.deepEqual(
        snapshot.tables.map((t) => [t.table, t.rows]),
        [
          ["events", 2],
          ["loader_checkpoints", 1],
          ["api_keys", 1],
          ["prices", 0],
          ["audit_log", 2],
          ["alert_rules", 0],
          ["alerts", 0],
          ["dashboards", 0],
          ["report_schedules", 0],
          ["report_runs", 0],
        ],
      );
      assert.deepEqual(snapshot.checkpoints, [{ node: "node-a", segment: 3, offset: 40 }]);
      await copy.restoreTables(snapshot.tables, dir);
      assert.deepEqual(await copy.run(eventsPage({ limit: 10 })), await store.run(eventsPage({ limit: 10 })));
      assert.deepEqual(await copy.run(auditPage({ limit: 10 })), await store.run(auditPage({ limit: 10 })));
      assert.deepEqual(await copy.listApiKeys(), await store.listApiKeys());
      assert.deepEqual(await copy.loaderCheckpoint("node-a"), { segment: 3, offset: 40 });
      // The restored store knows the restored ids: a client's retry is not stored twice.
      assert.equal(
        await copy.insertEvents([ev("b1", "user_action", T0, { user: "u" })], "node-b", { segment: 1, offset: 1 }),
        0,
      );
    });
  });
}
