import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { test } from "node:test";

// Every query file needs a parity case that runs it on both engines against an oracle. This check
// needs no ClickHouse, so it runs everywhere: a query added without its case fails here.
const QUERIES = new URL("../../src/store/queries/", import.meta.url);
const CASES = new URL("../parity/queries/", import.meta.url);

test("every file in src/store/queries/ has a parity case in test/parity/queries/", async () => {
  const queries = (await readdir(QUERIES, { withFileTypes: true }))
    .filter((f) => f.isFile() && f.name.endsWith(".ts"))
    .map((f) => f.name.replace(/\.ts$/, ""));
  const cases = new Set(
    (await readdir(CASES)).filter((f) => f.endsWith(".case.ts")).map((f) => f.replace(/\.case\.ts$/, "")),
  );
  assert.ok(queries.length >= 9, `found only ${queries.length} query files`);
  assert.deepEqual(
    queries.filter((q) => !cases.has(q)),
    [],
    "query files without a parity case",
  );
  // And no case outlives its query.
  assert.deepEqual(
    [...cases].filter((c) => !queries.includes(c)),
    [],
    "parity cases without a query file",
  );
});
