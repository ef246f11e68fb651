import { bucketStart, nextBucket } from "../../../src/insights/buckets.js";
import type { EventRecord } from "../../../src/model/event.js";
import type { EventType } from "../../../src/model/event-types.js";
import { BucketCache } from "../../../src/store/cache/bucket-cache.js";
import { type BucketGrid, fixedGrid } from "../../../src/store/cache/grid.js";
import type { Store } from "../../../src/store/port.js";
import { bucketAggregates } from "../../../src/store/queries/bucket-aggregates.js";
import type { TimeRange } from "../../../src/store/queries/parts/time-range.js";
import { type Bucketing, timeSeries } from "../../../src/store/queries/time-series.js";
import type { Query } from "../../../src/store/query.js";
import type { Filter } from "../../../src/store/sql/filter.js";
import { assertDeepClose } from "../../helpers/close.js";
import { random } from "../../parity/fixture.js";

/**
 * The cache's promise as a property: whatever happens to the events (new ones in the open bucket,
 * late ones in old buckets, some loaded late with an old receipt time, a user erased, retention)
 * and whatever is read (counts, sums, means, distinct counts, filtered, fixed widths or calendar
 * days in zones with DST and half-hour offsets, ranges aligned or not), a read through the cache
 * equals the same read straight from the store.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Two days before the New York DST change of 8 March 2026, so calendar days of 23 hours are read. */
export const START = Date.parse("2026-03-06T00:00:00Z");

const USERS = ["u0", "u1", "u2", "u3", "u4"];
const ofType = (t: string): Filter => ({ field: "event_type", op: "eq", value: t });
const ONLY_U1: Filter = { field: "user_id", op: "eq", value: "u1" };

type Read = (range: TimeRange) => Query<{ bucket_start: number }>;
const SHAPES: Array<{ name: string; read: (bucket: Bucketing, only?: Filter) => Read }> = [
  { name: "count", read: (bucket, filter) => (r) => timeSeries({ ...r, bucket, measure: { fn: "count" }, filter }) },
  {
    name: "mean response time",
    read: (bucket, only) => (r) =>
      timeSeries({
        ...r,
        bucket,
        measure: { fn: "avg", field: "response_time" },
        filter: { and: [ofType("api_request"), ...(only ? [only] : [])] },
      }),
  },
  {
    name: "aggregates",
    read: (bucket, filter) => (r) =>
      bucketAggregates({
        ...r,
        bucket,
        filter,
        aggregates: {
          n: { fn: "count" },
          users: { fn: "distinct", field: "user_id" },
          server_errors: { fn: "count", filter: { field: "status_code", op: "gte", value: 500 } },
          cost: { fn: "sum", field: "cost", filter: ofType("cognitive_process") },
        },
      }),
  },
];

const dayGrid = (zone: string): BucketGrid => ({
  start: (ms) => bucketStart(ms, "day", zone),
  next: (s) => nextBucket(s, "day", zone),
});
const BUCKETS: Array<{ bucket: Bucketing; grid: BucketGrid }> = [
  { bucket: { widthMs: 15 * MIN }, grid: fixedGrid(15 * MIN) },
  { bucket: { widthMs: HOUR }, grid: fixedGrid(HOUR) },
  { bucket: { widthMs: 3 * HOUR }, grid: fixedGrid(3 * HOUR) },
  { bucket: { unit: "day", timeZone: "America/New_York" }, grid: dayGrid("America/New_York") },
  { bucket: { unit: "day", timeZone: "Asia/Kolkata" }, grid: dayGrid("Asia/Kolkata") },
];

export interface PropertyRun {
  reads: number;
  /** Buckets the cache held at the end (some must be: else nothing was tested). */
  kept: number;
}

/** Runs `steps` random steps on an empty migrated store; throws on the first read that differs. */
export async function cacheProperty(store: Store, seed: number, steps: number): Promise<PropertyRun> {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  let clock = START + 3 * DAY;
  let id = 0;
  let offset = 0;
  let reads = 0;
  const cache = new BucketCache(store, { now: () => clock, maxBuckets: 2_000 });

  const event = (ts: number, receivedAt: number): EventRecord => {
    const type = pick<EventType>(["api_request", "api_request", "cognitive_process", "error", "user_action"]);
    const user = pick(USERS);
    const data: Record<string, unknown> =
      type === "api_request"
        ? { endpoint: "/x", status_code: pick([200, 200, 404, 500, 503]), response_time: Math.round(rnd() * 900) }
        : type === "cognitive_process"
          ? { model: "m", cost: Math.round(rnd() * 100) / 100, input_tokens: Math.floor(rnd() * 500) }
          : { action: "a" };
    id += 1;
    return {
      event_id: `p${seed}-${id}`,
      event_type: type,
      timestamp: ts,
      received_at: receivedAt,
      user_id: user,
      session_id: `${user}-s${Math.floor(ts / (6 * HOUR))}`,
      data,
    };
  };
  const insert = async (events: EventRecord[]) => {
    // Receipts take time: two inserts apart are not received in the same millisecond.
    clock += 1 + Math.floor(rnd() * 1000);
    offset += events.length;
    await store.insertEvents(events, "property", { segment: 1, offset });
  };
  /** `n` events in the 3 days before the clock (received now: late ones when older than an hour). */
  const spread = (n: number, received: (ts: number) => number) =>
    Array.from({ length: n }, () => {
      const ts = clock - Math.floor(rnd() * 3 * DAY);
      return event(ts, received(ts));
    });

  await insert(spread(300, (ts) => ts + Math.floor(rnd() * 2000)));
  for (let step = 0; step < steps; step++) {
    const op = rnd();
    if (op < 0.12) {
      await insert(
        Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => event(clock - Math.floor(rnd() * 5 * MIN), clock)),
      );
    } else if (op < 0.2) {
      await insert(spread(1 + Math.floor(rnd() * 3), () => clock));
    } else if (op < 0.24) {
      // Loaded late from a node's durable log: received long ago, stored only now.
      await insert(spread(1 + Math.floor(rnd() * 3), (ts) => ts + Math.floor(rnd() * 1000)));
    } else if (op < 0.27) {
      await store.eraseUser(pick(USERS));
    } else if (op < 0.3) {
      await store.deleteEventsBefore(clock - 2 * DAY - Math.floor(rnd() * 12 * HOUR));
    } else if (op < 0.42) {
      clock += Math.floor(rnd() * 50 * MIN);
    } else {
      const b = pick(BUCKETS);
      const shape = pick(SHAPES);
      const only = rnd() < 0.25 ? ONLY_U1 : undefined;
      const aligned = rnd() < 0.6;
      const from = clock - Math.floor(rnd() * 3 * DAY);
      const range = {
        from: aligned ? b.grid.start(from) : from,
        to: Math.max(from, rnd() < 0.7 ? clock : clock - Math.floor(rnd() * DAY)),
      };
      const query = shape.read(b.bucket, only);
      const key = JSON.stringify([shape.name, b.bucket, only ?? null]);
      const [cached, straight] = [await cache.run(key, query, range, b.grid), await store.run(query(range))];
      reads += 1;
      assertDeepClose(
        cached,
        straight,
        `seed ${seed}, step ${step}: ${shape.name} by ${JSON.stringify(b.bucket)} over ${new Date(range.from).toISOString()}…${new Date(range.to).toISOString()}${only ? " of u1" : ""}`,
      );
    }
  }
  return { reads, kept: cache.size };
}
