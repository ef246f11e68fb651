import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { type SeriesPoint, timeSeries } from "../../../src/store/queries/time-series.js";
import { T0 } from "../store-contract.js";
import { at, DST_SPAN } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { byBucket, calendarStart } from "./oracle.js";

function oracle(
  events: readonly EventRecord[],
  r: { from: number; to: number },
  start: (ts: number) => number,
  value: (xs: EventRecord[]) => number | null,
): SeriesPoint[] {
  return byBucket(events, r, start).map(([bucket_start, xs]) => ({ bucket_start, value: value(xs) }));
}

const count = (xs: EventRecord[]) => xs.length;
const mean = (field: string) => (xs: EventRecord[]) => {
  const vs = xs.map((e) => e.data[field]).filter((v): v is number => typeof v === "number");
  return vs.length ? vs.reduce((a, b) => a + b, 0) / vs.length : null;
};
const sum = (field: string) => (xs: EventRecord[]) => {
  const vs = xs.map((e) => e.data[field]).filter((v): v is number => typeof v === "number");
  return vs.length ? vs.reduce((a, b) => a + b, 0) : null;
};

export const cases: QueryCase[] = [
  {
    title: "fixed-width buckets: count, sum and mean; empty buckets are absent",
    async run(same, events) {
      const r = { from: T0, to: T0 + 4 * 3_600_000 };
      const tenMin = (ts: number) => Math.floor(ts / 600_000) * 600_000;
      const counts = await same(
        "count per 10 min",
        timeSeries({ ...r, bucket: { widthMs: 600_000 }, measure: { fn: "count" } }),
        oracle(events, r, tenMin, count),
      );
      assert.equal(
        counts.reduce((a, p) => a + (p.value ?? 0), 0),
        275,
      );
      await same(
        "sum of input tokens per hour",
        timeSeries({ ...r, bucket: { widthMs: 3_600_000 }, measure: { fn: "sum", field: "input_tokens" } }),
        oracle(events, r, (ts) => Math.floor(ts / 3_600_000) * 3_600_000, sum("input_tokens")),
      );
      // Buckets holding only events without the field answer null, not 0.
      await same(
        "mean response time per 30 min",
        timeSeries({ ...r, bucket: { widthMs: 1_800_000 }, measure: { fn: "avg", field: "response_time" } }),
        oracle(events, r, (ts) => Math.floor(ts / 1_800_000) * 1_800_000, mean("response_time")),
      );
    },
  },
  {
    title: "calendar buckets in a time zone: New York days across DST, Kolkata hours, weeks, months",
    async run(same, events) {
      const runs = (e: EventRecord) => e.event_type === "cognitive_process";
      const filter = { field: "event_type", op: "eq" as const, value: "cognitive_process" };
      const tz = "America/New_York";
      const days = await same(
        "New York days",
        timeSeries({ ...DST_SPAN, bucket: { unit: "day", timeZone: tz }, measure: { fn: "count" }, filter }),
        oracle(events.filter(runs), DST_SPAN, (ts) => calendarStart(ts, "day", tz), count),
      );
      // 8 March 2026 is 23 hours long in New York: midnight EST (UTC-5), then midnight EDT (UTC-4).
      assert.deepEqual(
        days.map((p) => new Date(p.bucket_start).toISOString()),
        ["2026-03-07T05:00:00.000Z", "2026-03-08T05:00:00.000Z", "2026-03-09T04:00:00.000Z"],
      );
      // Runs every 90 minutes from 15:00 EST on the 7th; the 8th (23 hours) holds 16, the 9th until 20:00 EDT 13.
      assert.deepEqual(
        days.map((p) => p.value),
        [6, 16, 13],
      );
      const kolkata = await same(
        "Kolkata hours",
        timeSeries({
          ...DST_SPAN,
          bucket: { unit: "hour", timeZone: "Asia/Kolkata" },
          measure: { fn: "count" },
          filter,
        }),
        oracle(events.filter(runs), DST_SPAN, (ts) => calendarStart(ts, "hour", "Asia/Kolkata"), count),
      );
      // Kolkata is UTC+5:30: its hours start at half past in UTC.
      assert.equal(new Date(kolkata[0]?.bucket_start ?? 0).toISOString(), "2026-03-07T19:30:00.000Z");
      await same(
        "sum of input tokens per New York day",
        timeSeries({
          ...DST_SPAN,
          bucket: { unit: "day", timeZone: tz },
          measure: { fn: "sum", field: "input_tokens" },
        }),
        oracle(events, DST_SPAN, (ts) => calendarStart(ts, "day", tz), sum("input_tokens")),
      );
      for (const unit of ["week", "month"] as const) {
        const all = { from: T0, to: at("2026-05-01T00:00:00Z") };
        await same(
          `${tz} ${unit}s`,
          timeSeries({ ...all, bucket: { unit, timeZone: tz }, measure: { fn: "avg", field: "processing_time" } }),
          oracle(events, all, (ts) => calendarStart(ts, unit, tz), mean("processing_time")),
        );
      }
    },
  },
];
