import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { type BucketValues, bucketAggregates } from "../../../src/store/queries/bucket-aggregates.js";
import { T0 } from "../store-contract.js";
import { DST_SPAN } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { byBucket, calendarStart, fieldOf } from "./oracle.js";

type Reader = (xs: EventRecord[]) => number | null;

function oracle(
  events: readonly EventRecord[],
  r: { from: number; to: number },
  start: (ts: number) => number,
  readers: Record<string, Reader>,
): BucketValues[] {
  return byBucket(events, r, start).map(([bucket_start, xs]) => ({
    bucket_start,
    values: Object.fromEntries(Object.entries(readers).map(([n, read]) => [n, read(xs)])),
  }));
}

const countOf =
  (keep: (e: EventRecord) => boolean): Reader =>
  (xs) =>
    xs.filter(keep).length;
const sumOf =
  (field: string, keep: (e: EventRecord) => boolean): Reader =>
  (xs) => {
    const vs = xs
      .filter(keep)
      .map((e) => fieldOf(e, field))
      .filter((v): v is number => typeof v === "number");
    return vs.length ? vs.reduce((a, b) => a + b, 0) : null;
  };
const distinctOf =
  (field: string): Reader =>
  (xs) =>
    new Set(xs.map((e) => fieldOf(e, field)).filter((v) => v !== null)).size;

const isType = (t: string) => (e: EventRecord) => e.event_type === t;
const serverError = (e: EventRecord) => e.event_type === "api_request" && Number(e.data.status_code) >= 500;
const API = { field: "event_type", op: "eq" as const, value: "api_request" };
const RUNS = { field: "event_type", op: "eq" as const, value: "cognitive_process" };

export const cases: QueryCase[] = [
  {
    title: "hourly: requests, 5xx, error events, token sums and distinct users in one scan",
    async run(same, events) {
      const r = { from: T0, to: T0 + 4 * 3_600_000 };
      const rows = await same(
        "per hour",
        bucketAggregates({
          ...r,
          bucket: { widthMs: 3_600_000 },
          aggregates: {
            requests: { fn: "count", filter: API },
            server_errors: { fn: "count", filter: { and: [API, { field: "status_code", op: "gte", value: 500 }] } },
            errors: { fn: "count", filter: { field: "event_type", op: "eq", value: "error" } },
            input: { fn: "sum", field: "input_tokens", filter: RUNS },
            output: { fn: "sum", field: "output_tokens" },
            users: { fn: "distinct", field: "user_id" },
          },
        }),
        oracle(events, r, (ts) => Math.floor(ts / 3_600_000) * 3_600_000, {
          requests: countOf(isType("api_request")),
          server_errors: countOf(serverError),
          errors: countOf(isType("error")),
          input: sumOf("input_tokens", isType("cognitive_process")),
          output: sumOf("output_tokens", () => true),
          users: distinctOf("user_id"),
        }),
      );
      assert.ok(
        rows.some((b) => (b.values.server_errors ?? 0) > 0),
        "the fixture has 5xx answers",
      );
    },
  },
  {
    title: "New York days across DST: runs, tokens and users (day one by hand: 6 runs, 150 + 30 tokens, 5 users)",
    async run(same, events) {
      const tz = "America/New_York";
      const rows = await same(
        "per New York day",
        bucketAggregates({
          ...DST_SPAN,
          bucket: { unit: "day", timeZone: tz },
          filter: RUNS,
          aggregates: {
            runs: { fn: "count" },
            input: { fn: "sum", field: "input_tokens" },
            output: { fn: "sum", field: "output_tokens" },
            users: { fn: "distinct", field: "user_id" },
          },
        }),
        oracle(events.filter(isType("cognitive_process")), DST_SPAN, (ts) => calendarStart(ts, "day", tz), {
          runs: countOf(() => true),
          input: sumOf("input_tokens", () => true),
          output: sumOf("output_tokens", () => true),
          users: distinctOf("user_id"),
        }),
      );
      // Runs i = 0..5 fall on 7 March (New York): input 10·(i mod 7) = 150, output 3·(i mod 5) = 30, users u0..u4.
      assert.deepEqual(rows[0]?.values, { runs: 6, input: 150, output: 30, users: 5 });
      assert.deepEqual(
        rows.map((b) => b.values.runs),
        [6, 16, 13],
      );
    },
  },
];
