import assert from "node:assert/strict";
import { test } from "node:test";
import { bucketStarts, hourOfDay, wholeBuckets, zoneOffsetMs } from "../../src/insights/buckets.js";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

test("time zone offsets: Kolkata +5:30, New York −5 then −4 after 8 March 2026 02:00", () => {
  assert.equal(zoneOffsetMs(at("2026-03-01T00:00:00Z"), "Asia/Kolkata"), 5.5 * 3_600_000);
  assert.equal(zoneOffsetMs(at("2026-03-08T06:00:00Z"), "America/New_York"), -5 * 3_600_000);
  assert.equal(zoneOffsetMs(at("2026-03-08T08:00:00Z"), "America/New_York"), -4 * 3_600_000);
  assert.equal(zoneOffsetMs(at("2026-03-08T08:00:00Z"), "UTC"), 0);
});

test("New York days across the DST start: the 8th is 23 hours long", () => {
  const span = { from: at("2026-03-07T12:00:00Z"), to: at("2026-03-10T00:00:00Z") };
  assert.deepEqual(bucketStarts(span, "day", "America/New_York").map(iso), [
    "2026-03-07T05:00:00.000Z",
    "2026-03-08T05:00:00.000Z",
    "2026-03-09T04:00:00.000Z",
  ]);
});

test("whole buckets: a partial first and last hour are left out", () => {
  const w = wholeBuckets({ from: at("2026-03-01T10:20:00Z"), to: at("2026-03-01T13:05:00Z") }, "hour", "UTC");
  assert.deepEqual([iso(w.from), iso(w.to)], ["2026-03-01T11:00:00.000Z", "2026-03-01T13:00:00.000Z"]);
  const aligned = { from: at("2026-03-01T10:00:00Z"), to: at("2026-03-01T12:00:00Z") };
  assert.deepEqual(wholeBuckets(aligned, "hour", "UTC"), aligned);
});

test("hour of the day on local clocks", () => {
  assert.equal(hourOfDay(at("2026-03-01T18:00:00Z"), "UTC"), 18);
  assert.equal(hourOfDay(at("2026-03-01T18:00:00Z"), "Asia/Tokyo"), 3);
});
