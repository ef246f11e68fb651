import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { openStore } from "../../../src/store/open-store.js";
import type { Store } from "../../../src/store/port.js";
import { tempDir } from "../../helpers/test-app.js";
import { cacheProperty } from "./cache-property.js";

let dir: Awaited<ReturnType<typeof tempDir>>;
const stores: Store[] = [];

before(async () => {
  dir = await tempDir();
});
after(async () => {
  for (const s of stores) await s.close();
  await dir.remove();
});

for (const seed of [1, 2, 3]) {
  test(`DuckDB, seed ${seed}: every cached read equals the read from events, through inserts, late events, erasure and retention`, async () => {
    const store = await openStore(`duckdb://${dir.dir}/property-${seed}.duckdb`, dir.dir);
    stores.push(store);
    await store.migrate();
    const run = await cacheProperty(store, seed, 400);
    assert.ok(run.reads > 150, `only ${run.reads} reads`);
    assert.ok(run.kept > 0, "the cache kept nothing: the property tested no cached bucket");
  });
}
