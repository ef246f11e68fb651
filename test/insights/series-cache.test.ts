import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Insights } from "../../src/insights/insights.js";
import { METRIC_NAMES, type Series } from "../../src/insights/series.js";
import { bucketCacheOf } from "../../src/store/cache/cached-reads.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { assertDeepClose } from "../helpers/close.js";
import { ev } from "../parity/store-contract.js";

// The metric series read closed hours and days through the store's bucket cache: a second read
// after late events, an erasure and retention answers what a store read afresh answers.

const H = 3_600_000;
const T = Date.parse("2026-03-06T00:00:00Z");
const hourly = { from: T, to: T + 6 * H, timeZone: "UTC" };
const daily = { from: T, to: T + 4 * 24 * H, timeZone: "America/New_York" };

let store: DuckDbStore;
let offset = 0;
let n = 0;

async function insert(hours: number[], user: string): Promise<void> {
  const events = hours.flatMap((h) => {
    n += 1;
    return [
      ev(`a${n}`, "api_request", T + h * H + n, {
        user,
        data: { endpoint: "/x", method: "GET", status_code: n % 3 ? 200 : 503, response_time: 10 * n },
      }),
      ev(`c${n}`, "cognitive_process", T + h * H + n + 1, {
        user,
        data: { processing_time: 5 * n, input_tokens: n, output_tokens: 1, cost: n / 100, success: true },
      }),
    ];
  });
  offset += events.length;
  await store.insertEvents(events, "n", { segment: 1, offset });
}

/** Every metric's series, hourly and by New York day, from a reader with a cache and from one without. */
async function both(): Promise<{ cached: Series[]; fresh: Series[] }> {
  const read = async (s: DuckDbStore) => {
    const insights = new Insights(s, { anomalyThreshold: 2, anomalyBaselineHours: 168 });
    return [
      ...(await insights.seriesOfMany(METRIC_NAMES, hourly, "hour")),
      ...(await insights.seriesOfMany(METRIC_NAMES, daily, "day")),
    ];
  };
  // A new object over the same store has a cache of its own, empty: its reads all come from events.
  const uncached = Object.create(store) as DuckDbStore;
  return { cached: await read(store), fresh: await read(uncached) };
}

before(async () => {
  store = await DuckDbStore.open(":memory:");
  await store.migrate();
  await insert([0, 1, 1, 2, 3, 30, 50, 75], "a");
  await insert([0, 2, 4, 26, 51], "b");
});
after(() => store.close());

test("cached series equal fresh ones through late events, erasure and retention", async () => {
  const first = await both();
  assertDeepClose(first.cached, first.fresh);
  assert.deepEqual(
    first.cached[0]?.points.map((p) => p.value),
    [4, 4, 4, 2, 2, 0],
    "events per hour, hours 0–5",
  );
  assert.ok(bucketCacheOf(store).size > 0, "closed buckets are kept");

  await insert([1, 27], "c");
  const late = await both();
  assertDeepClose(late.cached, late.fresh);
  assert.deepEqual(
    late.cached[0]?.points.map((p) => p.value),
    [4, 6, 4, 2, 2, 0],
  );

  await store.eraseUser("b");
  const erased = await both();
  assertDeepClose(erased.cached, erased.fresh);
  assert.deepEqual(
    erased.cached[0]?.points.map((p) => p.value),
    [2, 6, 2, 2, 0, 0],
  );

  await store.deleteEventsBefore(T + 2 * H);
  const retained = await both();
  assertDeepClose(retained.cached, retained.fresh);
  assert.deepEqual(
    retained.cached[0]?.points.map((p) => p.value),
    [0, 0, 2, 2, 0, 0],
  );
});
