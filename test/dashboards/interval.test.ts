import assert from "node:assert/strict";
import { test } from "node:test";
import { askedInterval, gridOf, parseInterval, widgetInterval } from "../../src/dashboards/interval.js";
import { ValidationError } from "../../src/errors.js";

const H = 3_600_000;
const D = 24 * H;
const T = Date.UTC(2026, 2, 7);

test("intervals: <int>m|h|d; zero, negative, fractional or unknown units are a 400 naming the field", () => {
  assert.equal(parseInterval("5m", "i"), 300_000);
  assert.equal(parseInterval("2h", "i"), 2 * H);
  assert.equal(parseInterval("1d", "i"), D);
  for (const bad of ["0m", "0h", "-1h", "1.5h", "1w", "h", "", "500d"]) {
    assert.throws(
      () => parseInterval(bad, "widgets.2.configuration.interval"),
      (e: ValidationError) => e.details?.[0]?.field === "widgets.2.configuration.interval",
      bad,
    );
  }
});

test("the grid: half-open buckets from the epoch covering the span; a zone's calendar days across DST", () => {
  assert.deepEqual(gridOf({ from: T + 30 * 60_000, to: T + 3 * H }, H, "UTC").starts, [T, T + H, T + 2 * H]);
  // New York's DST starts on 2026-03-08: that day is 23 hours long.
  const days = gridOf({ from: T + 5 * H, to: T + 3 * D }, D, "America/New_York").starts;
  assert.deepEqual(
    days.slice(1).map((t, i) => (t - (days[i] as number)) / H),
    [24, 23],
  );
});

test("a bounded number of buckets: an asked interval beyond 2,000 is a 400; a widget's coarsens", () => {
  const year = { from: T, to: T + 365 * D };
  assert.throws(() => askedInterval("1h", year, "interval"), ValidationError);
  assert.equal(askedInterval("1d", year, "interval"), D);
  assert.equal(widgetInterval(H, year), D);
  assert.equal(widgetInterval(H, { from: T, to: T + 30 * D }), H);
  assert.equal(widgetInterval(undefined, { from: T, to: T + 6 * H }), 300_000);
  assert.equal(widgetInterval(undefined, { from: T, to: T + 24 * H }), H);
  assert.equal(widgetInterval(undefined, { from: T, to: T + 30 * D }), D);
});
