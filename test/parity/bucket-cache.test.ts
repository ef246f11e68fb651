import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/port.js";
import { type ClickHouseServer, startClickHouse, uniqueDatabase } from "../helpers/clickhouse-server.js";
import { tempDir } from "../helpers/test-app.js";
import { cacheProperty } from "../store/cache/cache-property.js";
import { migrated } from "./store-contract.js";

// The bucket cache's property (test/store/cache/cache-property.ts) on ClickHouse, whose erasure and
// retention are mutations: fewer steps than on DuckDB, each of its reads still checked.

let server: ClickHouseServer;
let dir: Awaited<ReturnType<typeof tempDir>>;
let store: Store;

before(async () => {
  server = await startClickHouse();
  dir = await tempDir();
  store = await migrated((p) => openStore(server.storeUrl(`${uniqueDatabase()}_${p}`), dir.dir), "cache");
});
after(async () => {
  await store?.close();
  await server?.remove();
  await dir?.remove();
});

test("ClickHouse: every cached read equals the read from events, through inserts, late events, erasure and retention", async () => {
  const run = await cacheProperty(store, 7, 150);
  assert.ok(run.reads > 50, `only ${run.reads} reads`);
  assert.ok(run.kept > 0, "the cache kept nothing: the property tested no cached bucket");
});
