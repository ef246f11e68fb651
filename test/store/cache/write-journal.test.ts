import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { EventRecord } from "../../../src/model/event.js";
import { BucketCache } from "../../../src/store/cache/bucket-cache.js";
import { fixedGrid } from "../../../src/store/cache/grid.js";
import { WriteJournal } from "../../../src/store/cache/write-journal.js";
import { openStore } from "../../../src/store/open-store.js";
import type { QueryRunner, Store } from "../../../src/store/port.js";
import type { TimeRange } from "../../../src/store/queries/parts/time-range.js";
import { timeSeries } from "../../../src/store/queries/time-series.js";
import { tempDir } from "../../helpers/test-app.js";
import { ev } from "../../parity/store-contract.js";

const HOUR = 3_600_000;
const T = Date.parse("2026-02-01T00:00:00Z");
const NOW = T + 5 * HOUR + 30 * 60_000;

test("a bucket's print moves when an insert touches one of its slots, every print while and after a deletion runs", () => {
  const j = new WriteJournal();
  const hours = [0, 1, 2].map((h) => ({ from: T + h * HOUR, to: T + (h + 1) * HOUR }));
  const first = j.bucketPrints(hours);
  // The last millisecond of hour 1's last 15-minute slot.
  const done = j.inserting([T + 2 * HOUR - 1]);
  const during = j.bucketPrints(hours);
  assert.deepEqual(
    during.map((p, i) => p !== first[i]),
    [false, true, false],
  );
  assert.notEqual(j.bucketPrints(hours)[1], during[1], "while the insert runs, hour 1's print never repeats");
  done();
  const second = j.bucketPrints(hours);
  assert.deepEqual(j.bucketPrints(hours), second, "settled: the prints repeat");
  assert.deepEqual(
    second.map((p, i) => p !== first[i]),
    [false, true, false],
  );
  j.inserting([])();
  assert.deepEqual(j.bucketPrints(hours), second, "an insert of nothing moves nothing");
  const deleted = j.rewriting();
  const deleting = j.bucketPrints(hours);
  assert.ok(
    deleting.every((p, i) => p !== second[i] && p !== j.bucketPrints(hours)[i]),
    "a deletion under way: no print repeats",
  );
  deleted();
  const third = j.bucketPrints(hours);
  assert.ok(third.every((p, i) => p !== second[i]));
  assert.deepEqual(j.bucketPrints(hours), third);
});

let dir: Awaited<ReturnType<typeof tempDir>>;
let store: Store;
let n = 0;

async function insert(events: EventRecord[]): Promise<void> {
  n += events.length;
  await store.insertEvents(events, "test", { segment: 1, offset: n });
}

const inHour = (h: number, k: number) =>
  Array.from({ length: k }, (_, i) =>
    ev(`j${h}-${n}-${i}`, "user_action", T + h * HOUR + i * 60_000, { user: `u${i % 2}` }),
  );

before(async () => {
  dir = await tempDir();
  store = await openStore(`duckdb://${dir.dir}/journal.duckdb`, dir.dir);
  await store.migrate();
  for (let h = 0; h <= 5; h++) await insert(inHour(h, h + 1));
});
after(async () => {
  await store?.close();
  await dir.remove();
});

test("DuckDB keeps a journal: cached reads scan no fingerprints, and see every insert, erasure and retention", async () => {
  assert.ok(store.journal, "the embedded store journals its writes");
  const names: string[] = [];
  const ranges: TimeRange[] = [];
  let sneak = false;
  const runner: QueryRunner = {
    async run(q) {
      names.push(q.name);
      const rows = await store.run(q);
      if (sneak && q.name === "time-series") {
        sneak = false;
        await insert(inHour(2, 1));
      }
      return rows;
    },
    stream: (q) => store.stream(q),
    journal: store.journal,
  };
  const read = (r: TimeRange) => {
    ranges.push(r);
    return timeSeries({ ...r, bucket: { widthMs: HOUR }, measure: { fn: "count" } });
  };
  const cache = new BucketCache(runner, { now: () => NOW });
  const range = { from: T, to: NOW };
  const again = async () => {
    ranges.length = 0;
    const expected = await store.run(read(range));
    const rows = await cache.run("count", read, range, fixedGrid(HOUR));
    assert.deepEqual(rows, expected);
    return ranges.slice(1).map((r) => [(r.from - T) / HOUR, (r.to - T) / HOUR]);
  };
  await again();
  assert.equal(cache.size, 5);
  assert.deepEqual(await again(), [[5, 5.5]], "only the open hour");
  assert.ok(!names.includes("bucket-fingerprints"), names.join());
  await insert(inHour(1, 1));
  assert.deepEqual(await again(), [
    [1, 2],
    [5, 5.5],
  ]);
  // An insert landing while hour 2 is read: answered as read, not kept, read again next time.
  await insert(inHour(2, 1));
  sneak = true;
  await again();
  assert.deepEqual(await again(), [
    [2, 3],
    [5, 5.5],
  ]);
  assert.ok((await store.eraseUser("u1")) > 0);
  assert.deepEqual(await again(), [[0, 5.5]], "after a deletion every hour is read again");
  await store.deleteEventsBefore(T + 2 * HOUR);
  assert.deepEqual(await again(), [[0, 5.5]]);
  assert.deepEqual(await again(), [[5, 5.5]]);
});
