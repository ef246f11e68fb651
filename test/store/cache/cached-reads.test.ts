import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ValidationError } from "../../../src/errors.js";
import { bucketCacheOf, cachedBucketAggregates, cachedTimeSeries } from "../../../src/store/cache/cached-reads.js";
import { fixedGrid } from "../../../src/store/cache/grid.js";
import { DuckDbStore } from "../../../src/store/duckdb/duckdb-store.js";
import { timeSeries as timeSeriesOf } from "../../../src/store/queries/time-series.js";
import { ev } from "../../parity/store-contract.js";

const H = 3_600_000;
const T = Date.parse("2026-02-01T00:00:00Z");
const range = { from: T, to: T + 3 * H };
let store: DuckDbStore;

before(async () => {
  store = await DuckDbStore.open(":memory:");
  await store.migrate();
  await store.insertEvents(
    [ev("a", "user_action", T + 1000, { user: "u" }), ev("b", "user_action", T + 2 * H + 1000, { user: "v" })],
    "n",
    { segment: 1, offset: 2 },
  );
});
after(() => store.close());

test("widths of whole 15-minute slots are kept; finer ones and calendar buckets without a grid are read straight", async () => {
  const cache = bucketCacheOf(store);
  assert.equal(bucketCacheOf(store), cache, "one cache per store");
  const count = { fn: "count" } as const;
  assert.deepEqual(await cachedTimeSeries(store, { ...range, bucket: { widthMs: 10 * 60_000 }, measure: count }), [
    { bucket_start: T, value: 1 },
    { bucket_start: T + 2 * H, value: 1 },
  ]);
  await cachedTimeSeries(store, { ...range, bucket: { unit: "day", timeZone: "UTC" }, measure: count });
  assert.equal(cache.size, 0);
  assert.deepEqual(
    await cachedBucketAggregates(store, {
      ...range,
      bucket: { widthMs: H },
      aggregates: { users: { fn: "distinct", field: "user_id" } },
    }),
    [
      { bucket_start: T, values: { users: 1 } },
      { bucket_start: T + 2 * H, values: { users: 1 } },
    ],
  );
  assert.equal(cache.size, 3, "three closed hours, the empty one too");
  // With a grid, calendar days are kept as well.
  const days = { from: T, to: T + 48 * H };
  const daily = { ...days, bucket: { unit: "day" as const, timeZone: "UTC" }, measure: count };
  assert.deepEqual(await cachedTimeSeries(store, daily, fixedGrid(24 * H)), await store.run(timeSeriesOf(daily)));
  assert.equal(cache.size, 5);
});

test("a bad spec fails as the query's own validation says", async () => {
  await assert.rejects(
    async () =>
      cachedTimeSeries(
        store,
        { ...range, bucket: { unit: "day", timeZone: "Mars/Olympus" }, measure: { fn: "count" } },
        fixedGrid(24 * H),
      ),
    (err) => err instanceof ValidationError && err.details?.[0]?.field === "bucket.timeZone",
  );
});
