import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import type { EventRecord } from "../../../src/model/event.js";
import { BucketCache } from "../../../src/store/cache/bucket-cache.js";
import { fixedGrid } from "../../../src/store/cache/grid.js";
import { openStore } from "../../../src/store/open-store.js";
import type { QueryRunner, Store } from "../../../src/store/port.js";
import type { TimeRange } from "../../../src/store/queries/parts/time-range.js";
import { type SeriesPoint, timeSeries } from "../../../src/store/queries/time-series.js";
import type { Query } from "../../../src/store/query.js";
import { tempDir } from "../../helpers/test-app.js";
import { ev } from "../../parity/store-contract.js";

const HOUR = 3_600_000;
const T = Date.parse("2026-02-01T00:00:00Z");
/** Now: 30 minutes into hour 5, so hours 0–4 are closed and hour 5 is open. */
const NOW = T + 5 * HOUR + 30 * 60_000;
const HOURLY = { widthMs: HOUR };

let dir: Awaited<ReturnType<typeof tempDir>>;
let store: Store;
let n = 0;
let offset = 0;

/** The store, with a record of each query it ran (name) and of each data range read. */
function watched(): {
  runner: QueryRunner;
  names: string[];
  ranges: TimeRange[];
  read: (r: TimeRange) => Query<SeriesPoint>;
} {
  const names: string[] = [];
  const ranges: TimeRange[] = [];
  const runner: QueryRunner = {
    run(q) {
      names.push(q.name);
      return store.run(q);
    },
    stream: (q) => store.stream(q),
  };
  const read = (r: TimeRange) => {
    ranges.push(r);
    return timeSeries({ ...r, bucket: HOURLY, measure: { fn: "count" } });
  };
  return { runner, names, ranges, read };
}

const hours = (r: TimeRange) => [(r.from - T) / HOUR, (r.to - T) / HOUR];

async function insert(events: EventRecord[]): Promise<void> {
  offset += events.length;
  await store.insertEvents(events, "test", { segment: 1, offset });
}

/** `k` events in hour `h`, received at `receivedAt`. */
function inHour(h: number, k: number, receivedAt = NOW): EventRecord[] {
  return Array.from({ length: k }, (_, i) => {
    n += 1;
    return ev(`c${n}`, "user_action", T + h * HOUR + i * 60_000, { user: `u${n % 3}`, receivedAt });
  });
}

before(async () => {
  dir = await tempDir();
});
beforeEach(async () => {
  await store?.close();
  store = await openStore(`duckdb://${dir.dir}/cache-${n}.duckdb`, dir.dir);
  await store.migrate();
  // Hours 0–5 hold 1, 2, 3, 4, 5 and 6 events.
  for (let h = 0; h <= 5; h++) await insert(inHour(h, h + 1, T + h * HOUR + 10));
});
after(async () => {
  await store?.close();
  await dir.remove();
});

const counts = (points: SeriesPoint[]) => points.map((p) => [(p.bucket_start - T) / HOUR, p.value]);
const ALL = [
  [0, 1],
  [1, 2],
  [2, 3],
  [3, 4],
  [4, 5],
  [5, 6],
];

test("a second read of unchanged closed hours reads only their fingerprints, and the open hour", async () => {
  const w = watched();
  const cache = new BucketCache(w.runner, { now: () => NOW });
  const range = { from: T, to: NOW };
  assert.deepEqual(counts(await cache.run("count", w.read, range, fixedGrid(HOUR))), ALL);
  assert.deepEqual(w.names, ["bucket-fingerprints", "time-series", "bucket-fingerprints"]);
  assert.deepEqual(w.ranges.map(hours), [[0, 5.5]]);
  assert.equal(cache.size, 5);

  w.names.length = 0;
  w.ranges.length = 0;
  assert.deepEqual(counts(await cache.run("count", w.read, range, fixedGrid(HOUR))), ALL);
  assert.deepEqual(w.names, ["bucket-fingerprints", "time-series"]);
  assert.deepEqual(w.ranges.map(hours), [[5, 5.5]], "only the open hour, up to now");
});

test("a late event, an erased user, retention: only the hours they touched are read again", async () => {
  const w = watched();
  const cache = new BucketCache(w.runner, { now: () => NOW });
  const range = { from: T, to: T + 5 * HOUR };
  await cache.run("count", w.read, range, fixedGrid(HOUR));
  const again = async () => {
    w.ranges.length = 0;
    const points = counts(await cache.run("count", w.read, range, fixedGrid(HOUR)));
    const read = w.ranges.map(hours);
    assert.deepEqual(points, counts(await store.run(w.read(range))));
    return { points, read };
  };
  // A late event into hour 1, received now.
  await insert(inHour(1, 1));
  assert.deepEqual(await again(), {
    points: [
      [0, 1],
      [1, 3],
      [2, 3],
      [3, 4],
      [4, 5],
    ],
    read: [[1, 2]],
  });
  // A late event received long ago (a node's log drained after an outage) into hour 3.
  await insert(inHour(3, 1, T));
  assert.deepEqual(await again(), {
    points: [
      [0, 1],
      [1, 3],
      [2, 3],
      [3, 5],
      [4, 5],
    ],
    read: [[3, 4]],
  });
  // Nothing changed: nothing read.
  assert.deepEqual((await again()).read, []);
  // Erasure: the hours holding u1's events are read again, and only those.
  const ofU1 = await store.run(
    timeSeries({
      ...range,
      bucket: HOURLY,
      measure: { fn: "count" },
      filter: { field: "user_id", op: "eq", value: "u1" },
    }),
  );
  assert.ok((await store.eraseUser("u1")) > 0);
  const afterErasure = await again();
  assert.deepEqual(
    afterErasure.read.flatMap(([a, b]) =>
      Array.from({ length: (b as number) - (a as number) }, (_, i) => (a as number) + i),
    ),
    ofU1.map((p) => (p.bucket_start - T) / HOUR),
  );
  // Retention: hours 0 and 1 go; of them, those that still held events are read again.
  const held = (await store.run(w.read({ from: T, to: T + 2 * HOUR }))).map((p) => (p.bucket_start - T) / HOUR);
  assert.deepEqual(held, [1], "hour 0 held only u1's event");
  await store.deleteEventsBefore(T + 2 * HOUR);
  const kept = await again();
  assert.deepEqual(kept.read, [[1, 2]]);
  assert.deepEqual(
    kept.points.map(([h]) => h),
    [2, 3, 4],
  );
});

test("a bucket whose events changed while it was read is answered but not kept", async () => {
  const w = watched();
  let sneak = true;
  // Another node stores an event into hour 2 right after the first read of the data.
  const runner: QueryRunner = {
    async run(q) {
      const rows = await w.runner.run(q);
      if (q.name === "time-series" && sneak) {
        sneak = false;
        await insert(inHour(2, 1));
      }
      return rows;
    },
    stream: (q) => store.stream(q),
  };
  const cache = new BucketCache(runner, { now: () => NOW });
  const range = { from: T, to: T + 5 * HOUR };
  assert.deepEqual(counts(await cache.run("count", w.read, range, fixedGrid(HOUR)))[2], [2, 3], "as read");
  assert.equal(cache.size, 4, "hour 2 moved while read: not kept");
  w.ranges.length = 0;
  const points = await cache.run("count", w.read, range, fixedGrid(HOUR));
  assert.deepEqual(points, await store.run(w.read(range)));
  assert.deepEqual(counts(points)[2], [2, 4]);
  assert.deepEqual(w.ranges.slice(0, 1).map(hours), [[2, 3]]);
});

test("partial buckets at the range's edges are read, never kept", async () => {
  const w = watched();
  const cache = new BucketCache(w.runner, { now: () => NOW });
  const range = { from: T + 30 * 60_000, to: T + 4 * HOUR + 30 * 60_000 };
  const first = await cache.run("count", w.read, range, fixedGrid(HOUR));
  assert.deepEqual(first, await store.run(w.read(range)));
  assert.equal(cache.size, 3, "hours 1–3 only");
  w.ranges.length = 0;
  assert.deepEqual(await cache.run("count", w.read, range, fixedGrid(HOUR)), first);
  assert.deepEqual(w.ranges.map(hours), [
    [0.5, 1],
    [4, 4.5],
  ]);
});

test("the cap in buckets: the least recently read specs go first", async () => {
  const w = watched();
  const cache = new BucketCache(w.runner, { now: () => NOW, maxBuckets: 6 });
  const range = { from: T, to: T + 5 * HOUR };
  await cache.run("a", w.read, range, fixedGrid(HOUR));
  await cache.run("b", w.read, { from: T, to: T + 2 * HOUR }, fixedGrid(HOUR));
  assert.equal(cache.size, 2, "a (5 buckets) made way for b (2)");
  w.ranges.length = 0;
  await cache.run("b", w.read, { from: T, to: T + 2 * HOUR }, fixedGrid(HOUR));
  assert.deepEqual(w.ranges, [], "b is still kept");
  await cache.run("c", w.read, { from: T, to: T + 5 * HOUR }, fixedGrid(HOUR));
  assert.equal(cache.size, 5);
});

test("a grid that does not match the engine's buckets: the store's answer, nothing kept", async () => {
  const w = watched();
  const cache = new BucketCache(w.runner, { now: () => NOW });
  const range = { from: T, to: T + 4 * HOUR };
  // Two-hour grid, one-hour query: rows name buckets the grid does not have.
  const rows = await cache.run("count", w.read, range, fixedGrid(2 * HOUR));
  assert.deepEqual(rows, await store.run(w.read(range)));
  assert.equal(cache.size, 0);
});
