import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { findAnomalies, judge, severityOf } from "../../src/insights/anomalies.js";
import type { Point } from "../../src/insights/metric.js";

const H = 3_600_000;
const T0 = Date.parse("2026-03-02T00:00:00Z");
const BASELINE = [100, 105, 95, 110, 98, 102, 108, 97, 103, 106].map((value) => ({ slot: 0, value }));

describe("the first version's worked example (baseline 100,105,95,110,98,102,108,97,103,106; threshold 2)", () => {
  test("104 is normal", () => {
    assert.equal(judge(104, 0, BASELINE, 2, false).anomalous, false);
  });

  test("500 is an anomaly: z 80.71, expected the median 102.5, robust score 67.03 → critical", () => {
    const j = judge(500, 0, BASELINE, 2, false);
    assert.equal(j.anomalous, true);
    assert.equal(j.expected, 102.5);
    assert.ok(Math.abs(j.z - 80.7125) < 1e-4);
    assert.ok(Math.abs(j.score - 67.0284375) < 1e-9);
    assert.equal(severityOf(j.score), "critical");
    assert.equal(j.baseline, "recent");
  });

  test("117 (z 2.96, above the 116.625 fence) is a low anomaly; 88 (z −2.92, inside the 87.625 fence) is not", () => {
    const high = judge(117, 0, BASELINE, 2, false);
    assert.equal(high.anomalous, true);
    assert.equal(severityOf(high.score), "low");
    assert.equal(judge(88, 0, BASELINE, 2, false).anomalous, false);
  });

  test("a higher threshold lets 117 pass (|z| 2.96 ≤ 3)", () => {
    assert.equal(judge(117, 0, BASELINE, 3, false).anomalous, false);
  });
});

test("severity cut-offs: < 3.5 low, < 5 medium, < 10 high, else critical", () => {
  assert.deepEqual([0, 3.49, 3.5, 4.99, 5, 9.99, 10, 80].map(severityOf), [
    "low",
    "low",
    "medium",
    "medium",
    "high",
    "high",
    "critical",
    "critical",
  ]);
});

/** Hourly points from T0 with a daily wave (peak 150 at 18:00 UTC, trough 50) and a small deterministic wobble. */
function daily(hours: number): Point[] {
  return Array.from({ length: hours }, (_, i) => ({
    t: T0 + i * H,
    value: 100 + 50 * Math.sin((2 * Math.PI * (i - 12)) / 24) + ((i * 7) % 5) - 2,
  }));
}
const OPTS = { threshold: 2, windowPoints: 168, timeZone: "UTC", hourly: true };

describe("findAnomalies over hourly series", () => {
  test("an injected spike and an injected drop are found, and nothing else in a week with a daily pattern", () => {
    const points = daily(14 * 24);
    const spikeAt = 10 * 24 + 3; // 03:00, normally near the trough
    const dropAt = 12 * 24 + 18; // 18:00, normally the peak
    (points[spikeAt] as Point).value = 160;
    (points[dropAt] as Point).value = 40;
    const r = findAnomalies("events", points, T0 + 7 * 24 * H, OPTS);
    assert.equal(r.points_checked, 7 * 24);
    assert.equal(r.points_without_baseline, 0);
    assert.deepEqual(
      r.anomalies.map((a) => [a.timestamp, a.direction, a.baseline]),
      [
        [new Date(T0 + spikeAt * H).toISOString(), "spike", "seasonal"],
        [new Date(T0 + dropAt * H).toISOString(), "drop", "seasonal"],
      ],
    );
    // 160 at 03:00 is far above that hour's usual level (about 100 − 50·sin(π/4·…)): a critical spike.
    assert.equal(r.anomalies[0]?.severity, "critical");
    assert.ok((r.anomalies[0]?.expected_value ?? 0) < 80);
  });

  test("the daily peak itself is no anomaly: the same series without injections raises nothing", () => {
    assert.deepEqual(findAnomalies("events", daily(14 * 24), T0 + 7 * 24 * H, OPTS).anomalies, []);
  });

  test("a flat series raises nothing", () => {
    const flat = Array.from({ length: 200 }, (_, i) => ({ t: T0 + i * H, value: 42 }));
    const r = findAnomalies("events", flat, T0 + 100 * H, OPTS);
    assert.deepEqual(r.anomalies, []);
    assert.equal(r.points_checked, 100);
  });

  test("fewer than 10 known points before a point: it is not judged; gaps are not points", () => {
    const points: Point[] = Array.from({ length: 15 }, (_, i) => ({ t: T0 + i * H, value: i % 2 ? null : 100 }));
    (points[14] as Point).value = 1000;
    const r = findAnomalies("response_time", points, T0, OPTS);
    assert.deepEqual(r.anomalies, []);
    assert.equal(r.points_checked, 0);
    assert.equal(r.points_without_baseline, 8);
  });

  test("without a daily pattern the baseline is every recent point: a spike in a noisy level series", () => {
    const points = Array.from({ length: 60 }, (_, i) => ({ t: T0 + i * H, value: 20 + ((i * 13) % 7) }));
    (points[50] as Point).value = 60;
    const r = findAnomalies("events", points, T0 + 30 * H, OPTS);
    assert.deepEqual(
      r.anomalies.map((a) => [a.timestamp, a.direction, a.baseline, a.description.startsWith("events is ")]),
      [[new Date(T0 + 50 * H).toISOString(), "spike", "recent", true]],
    );
  });
});
