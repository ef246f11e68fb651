import assert from "node:assert/strict";
import { test } from "node:test";
import { ValidationError } from "../../src/errors.js";
import { forecastSeries, parseHorizon } from "../../src/insights/forecast.js";
import type { Point } from "../../src/insights/metric.js";
import type { Series } from "../../src/insights/series.js";

const H = 3_600_000;
const DAY = 24 * H;
const T0 = Date.parse("2026-03-02T00:00:00Z");

/** Known truth: 200 + 0.5 per hour (12 per day) + a daily wave of amplitude 40, plus a bounded wobble (±3). */
const truth = (i: number) => 200 + 0.5 * i + 40 * Math.sin((2 * Math.PI * i) / 24) + (((i * 37) % 7) - 3);
const hourly = (n: number, value = truth): Series => ({
  metric: "events",
  unit: "events",
  bucket: "hour",
  bucket_ms: H,
  points: Array.from({ length: n }, (_, i) => ({ t: T0 + i * H, value: value(i) })),
});

test("slope and daily season: Holt-Winters, and the next 48 held-out hours fall inside the 95 % band", () => {
  const n = 10 * 24;
  const f = forecastSeries(hourly(n), T0 + n * H, "48h", "UTC");
  assert.equal(f.status, "ok");
  assert.equal(f.method, "holt_winters_additive");
  assert.equal(f.parameters?.season_length, 24);
  assert.equal(f.level, 0.95);
  assert.equal(f.forecast.length, 48);
  assert.equal(f.forecast[0]?.timestamp, new Date(T0 + n * H).toISOString());
  assert.equal(f.forecast[47]?.timestamp, new Date(T0 + (n + 47) * H).toISOString());
  f.forecast.forEach((p, k) => {
    const actual = truth(n + k);
    assert.ok(p.lower <= actual && actual <= p.upper, `hour ${k + 1}: ${actual} outside [${p.lower}, ${p.upper}]`);
    assert.ok(p.lower < p.value && p.value < p.upper);
  });
  // The band widens with the horizon.
  const width = (k: number) => (f.forecast[k]?.upper ?? 0) - (f.forecast[k]?.lower ?? 0);
  assert.ok(width(47) > width(0));
  // The trend: 12 per day, r² high enough (the wave is 40 against a 120-per-10-days rise).
  assert.equal(f.trend.trend, "increasing");
  assert.ok(Math.abs((f.trend.slope_per_day ?? 0) - 12) < 1, String(f.trend.slope_per_day));
});

test("daily buckets, 7 days ahead: Holt's line continues a steady rise, truth inside the band", () => {
  const line = (i: number) => 1000 + 25 * i + ((i * 5) % 3) * 4;
  const s: Series = {
    metric: "tokens",
    unit: "tokens",
    bucket: "day",
    bucket_ms: DAY,
    points: Array.from({ length: 20 }, (_, i) => ({ t: T0 + i * DAY, value: line(i) })),
  };
  const f = forecastSeries(s, T0 + 20 * DAY, "7d", "UTC");
  assert.equal(f.method, "holt_linear");
  assert.equal(f.forecast.length, 7);
  f.forecast.forEach((p, k) => {
    assert.ok(p.lower <= line(20 + k) && line(20 + k) <= p.upper, `day ${k + 1}`);
  });
});

test("fewer than 10 whole buckets: insufficient_data, no points", () => {
  const f = forecastSeries(hourly(9), T0 + 9 * H, "24h", "UTC");
  assert.equal(f.status, "insufficient_data");
  assert.equal(f.method, null);
  assert.deepEqual(f.forecast, []);
  assert.equal(f.min_points, 10);
  assert.equal(f.trend.status, "insufficient_data");
});

test("gaps in a mean are interpolated for smoothing and counted", () => {
  const s = hourly(30, (i) => 50 + (i % 3));
  (s.points[10] as Point).value = null;
  (s.points[11] as Point).value = null;
  const f = forecastSeries(s, T0 + 30 * H, "3h", "UTC");
  assert.equal(f.history.gaps_filled, 2);
  assert.equal(f.history.points, 30);
});

test("horizons: 1h to 48h and 1d to 7d; anything else is a 400 naming horizon", () => {
  assert.deepEqual(parseHorizon("24h"), { steps: 24, bucket: "hour" });
  assert.deepEqual(parseHorizon("48h"), { steps: 48, bucket: "hour" });
  assert.deepEqual(parseHorizon("7d"), { steps: 7, bucket: "day" });
  for (const bad of ["49h", "8d", "0h", "24", "h", "1w", "024h", "2.5h"]) {
    assert.throws(
      () => parseHorizon(bad),
      (e: unknown) => e instanceof ValidationError && e.details?.[0]?.field === "horizon",
      bad,
    );
  }
});

test("a percentage is forecast within 0–100: a rising error rate's band stops at 100 where a count's goes on", () => {
  const n = 48;
  const rising = (i: number) => 50 + i + (((i * 37) % 7) - 3); // reaches ~97 % at the end, still rising
  const rate: Series = { ...hourly(n, rising), metric: "error_rate", unit: "%" };
  const asCount = forecastSeries(hourly(n, rising), T0 + n * H, "24h", "UTC");
  const asRate = forecastSeries(rate, T0 + n * H, "24h", "UTC");
  assert.ok(Math.max(...asCount.forecast.map((p) => p.upper)) > 100, "the same numbers as a count go past 100");
  for (const p of asRate.forecast) {
    assert.ok(p.lower >= 0 && p.upper <= 100 && p.value <= 100, JSON.stringify(p));
  }
  assert.equal(asRate.forecast.at(-1)?.upper, 100);
});
