import { Type } from "@sinclair/typebox";
import { defineQuery, type Query } from "../query.js";
import { compileFilter } from "../sql/filter.js";
import { sql } from "../sql/fragment.js";
import { Num } from "../sql/row-types.js";
import { inRange, type TimeRange } from "./parts/time-range.js";

/**
 * Width of a fingerprinted slot. Every time zone's offset from UTC is a multiple of 15 minutes, so
 * a calendar bucket in any zone (hour, day, week, month) is made of whole slots, as is any fixed
 * width that is a multiple of it.
 */
export const SLOT_MS = 15 * 60_000;

/** What a slot of events looks like from outside: unchanged if and only if its events are (see below). */
export interface SlotFingerprint {
  /** Start of the 15-minute slot, epoch ms UTC. */
  slot: number;
  event_count: number;
  /** Sum of the events' `received_at`, exact (a decimal string: it passes 2^53 past ~5,000 events). */
  received_sum: string;
  received_max: number;
  /** Sum of the events' `ts`, exact as `received_sum`. */
  ts_sum: string;
}

/** A 64-bit or wider integer, kept exact as decimal digits (DuckDB answers bigint, ClickHouse a quoted string). */
const ExactInt = Type.Transform(Type.Union([Type.String(), Type.BigInt(), Type.Number()]))
  .Decode((v) => BigInt(v).toString())
  .Encode((v) => v);

const Row = Type.Object({ slot: Num, event_count: Num, received_sum: ExactInt, received_max: Num, ts_sum: ExactInt });

/**
 * Per 15-minute slot of event time that holds events, oldest first: how many events it holds, the
 * sum and the latest of their `received_at`, the sum of their `ts`. Events are immutable, so a
 * slot's events change only by insertion (a new or late event: the count grows), deletion
 * (erasure, retention, a duplicate copy removed: it shrinks) or both between two reads, which
 * leaves the count alone only if as many events left as came, and then moves the sums unless the
 * events that came were received and happened at the same milliseconds, in total, as those that
 * left (docs/architecture.md, "Bucket cache", says when that can happen). It reads only `ts` and
 * `received_at`, so it costs a fraction of the scans whose buckets it vouches for
 * (src/store/cache/).
 */
export function bucketFingerprints(spec: TimeRange): Query<SlotFingerprint> {
  const where = inRange(spec);
  return defineQuery({
    name: "bucket-fingerprints",
    row: Row,
    statement(d) {
      return sql`SELECT ${d.bucket(sql`ts`, SLOT_MS)} AS slot, count(*) AS event_count,
          sum(received_at) AS received_sum, max(received_at) AS received_max, sum(ts) AS ts_sum
        FROM events WHERE ${compileFilter(where, d)}
        GROUP BY slot ORDER BY slot`;
    },
  });
}
