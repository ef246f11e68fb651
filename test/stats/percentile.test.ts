import assert from "node:assert/strict";
import { test } from "node:test";
import { median, percentile } from "../../src/stats/percentile.js";

// Reference values from numpy.percentile (default linear rule), and §3.2 of the first version.
test("numpy's linear rule: p95 of 1..5 is 4.8, of 1..20 is 19.05, of [5] is 5", () => {
  assert.equal(percentile([1, 2, 3, 4, 5], 95), 4.8);
  assert.ok(
    Math.abs(
      percentile(
        Array.from({ length: 20 }, (_, i) => i + 1),
        95,
      ) - 19.05,
    ) < 1e-12,
  );
  assert.equal(percentile([5], 95), 5);
});

test("the median of 0..3 is 1.5 (interpolated), whatever the input order", () => {
  assert.equal(median([3, 0, 2, 1]), 1.5);
  assert.equal(percentile([3, 0, 2, 1], 0), 0);
  assert.equal(percentile([3, 0, 2, 1], 100), 3);
});

test("quartiles of the first version's anomaly baseline: Q1 98.5, Q3 105.75", () => {
  const b = [100, 105, 95, 110, 98, 102, 108, 97, 103, 106];
  assert.equal(percentile(b, 25), 98.5);
  assert.equal(percentile(b, 75), 105.75);
  assert.equal(median(b), 102.5);
});

test("no values or a p outside [0, 100] is refused", () => {
  assert.throws(() => percentile([], 50), RangeError);
  assert.throws(() => percentile([1], 101), RangeError);
  assert.throws(() => percentile([1], Number.NaN), RangeError);
});
