import assert from "node:assert/strict";
import { test } from "node:test";
import type { Point } from "../../src/insights/metric.js";
import { trendOf } from "../../src/insights/trends.js";

const H = 3_600_000;
const T0 = Date.parse("2026-03-02T00:00:00Z");
const hourly = (values: Array<number | null>): Point[] => values.map((value, i) => ({ t: T0 + i * H, value }));

test("an exact rise of 1 per hour: increasing, 24 per day, r² 1, strength = change over the span / mean", () => {
  const t = trendOf(hourly(Array.from({ length: 24 }, (_, i) => 100 + i)));
  assert.equal(t.status, "ok");
  assert.equal(t.trend, "increasing");
  assert.ok(Math.abs((t.slope_per_day ?? 0) - 24) < 1e-9);
  assert.ok(Math.abs((t.r_squared ?? 0) - 1) < 1e-12);
  // 23 hours × 1 = 23 against a mean of 111.5.
  assert.ok(Math.abs((t.strength ?? 0) - (23 / 111.5) * 100) < 1e-9);
  assert.equal(t.data_points, 24);
});

test("a fall is decreasing; a constant is stable with slope 0", () => {
  assert.equal(trendOf(hourly(Array.from({ length: 12 }, (_, i) => 50 - 2 * i))).trend, "decreasing");
  const flat = trendOf(hourly(Array(12).fill(7)));
  assert.deepEqual([flat.status, flat.trend, flat.slope_per_day, flat.r_squared], ["ok", "stable", 0, 1]);
});

test("fewer than 10 known points: insufficient_data, no line; nulls are not points", () => {
  const t = trendOf(hourly([1, 2, 3, null, 5, 6, 7, 8, 9, null]));
  assert.deepEqual(
    [t.status, t.trend, t.slope_per_day, t.data_points, t.min_points],
    ["insufficient_data", null, null, 8, 10],
  );
});

test("zig-zag noise around a level: too_noisy (r² below 0.3), no direction", () => {
  const t = trendOf(hourly(Array.from({ length: 20 }, (_, i) => 100 + (i % 2 ? 10 : -10))));
  assert.equal(t.status, "too_noisy");
  assert.equal(t.trend, null);
  assert.ok((t.r_squared ?? 1) < 0.3);
});

test("a straight but tiny change (under 1 % of the mean over the span) is stable", () => {
  const t = trendOf(hourly(Array.from({ length: 10 }, (_, i) => 1000 + 0.01 * i)));
  assert.equal(t.trend, "stable");
});
