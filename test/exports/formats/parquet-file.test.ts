import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ParquetFile } from "../../../src/exports/formats/parquet-file.js";
import { RowBatch } from "../../../src/exports/formats/parquet-group.js";
import type { Column } from "../../../src/exports/table.js";
import { tempDir } from "../../helpers/test-app.js";
import { readParquet } from "../read-back.js";

const COLUMNS: Column[] = [
  { name: "id", type: "string" },
  { name: "n", type: "integer" },
  { name: "at", type: "timestamp" },
  { name: "data", type: "json" },
];
const T0 = Date.UTC(2024, 0, 2, 3, 4, 5, 678);

let dir: { dir: string; remove(): Promise<void> };
before(async () => {
  dir = await tempDir();
});
after(() => dir.remove());

test("a batch keeps each row's values column by column: times as epoch ms, nested data as JSON text", () => {
  const batch = new RowBatch(COLUMNS, 2);
  assert.equal(batch.add({ id: "a", n: 1, at: "2024-01-02T03:04:05.678Z", data: { k: [1, "é"] } }), false);
  assert.equal(batch.add({ id: null, at: T0 + 1 }), true);
  assert.equal(batch.size, 2);
  assert.deepEqual(batch.take(), [
    ["a", null],
    [1, null],
    [T0, T0 + 1],
    ['{"k":[1,"é"]}', null],
  ]);
  assert.equal(batch.size, 0);
  assert.deepEqual(batch.take(), [[], [], [], []]);
});

test("row groups of exactly the group size from batches that straddle them; bytes leave as each group completes", async () => {
  const file = new ParquetFile(COLUMNS, 4);
  const rows = Array.from({ length: 10 }, (_, i) => ({ id: `e${i}`, n: i, at: T0 + i, data: { i } }));
  const batch = new RowBatch(COLUMNS, 3);
  const chunks: Uint8Array[] = [];
  const sizes: number[] = [];
  for (const row of rows) {
    if (batch.add(row)) {
      const out = batch.take();
      const written = file.add(out);
      chunks.push(...written);
      sizes.push(written.length);
    }
  }
  chunks.push(...file.add(batch.take()), ...file.finish());
  // The first batch answers the magic bytes, the second completes rows 1-4, the third rows 5-8.
  assert.deepEqual(sizes, [1, 1, 1]);
  assert.deepEqual([...(chunks[0] ?? [])], [0x50, 0x41, 0x52, 0x31]);
  const back = await readParquet(Buffer.concat(chunks), dir.dir);
  assert.deepEqual(back.groups, [4, 4, 2]);
  assert.deepEqual(back.types, { id: "VARCHAR", n: "BIGINT", at: "TIMESTAMP", data: "JSON" });
  assert.deepEqual(
    back.rows.map((r) => [r.id, r.n, (r.at as Date).getTime(), JSON.parse(r.data as string)]),
    rows.map((r) => [r.id, BigInt(r.n), r.at, r.data]),
  );
});

test("an empty file: the magic bytes, then a footer with the columns and no row group", async () => {
  const file = new ParquetFile(COLUMNS, 4);
  const back = await readParquet(Buffer.concat([...file.add([[], [], [], []]), ...file.finish()]), dir.dir);
  assert.deepEqual(back.rows, []);
  assert.deepEqual(back.groups, []);
  assert.equal(back.types.data, "JSON");
});
