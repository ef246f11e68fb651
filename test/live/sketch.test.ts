import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { binned, RELATIVE_ACCURACY, Sketch } from "../../src/live/sketch.js";

/** Within the sketch's stated relative error of the reference value. */
function near(actual: number | null, expected: number, what: string): void {
  assert.ok(actual !== null, `${what}: null`);
  assert.ok(Math.abs(actual - expected) <= RELATIVE_ACCURACY * expected, `${what}: ${actual} vs ${expected}`);
}

const sketchOf = (values: number[]) => {
  const s = new Sketch();
  for (const v of values) s.add(binned(v));
  return s;
};

describe("Sketch", () => {
  test("percentiles of 1..1000 are within 1 % of numpy's linear rule (500.5, 950.05, 990.01)", () => {
    const s = sketchOf(Array.from({ length: 1000 }, (_, i) => i + 1));
    near(s.quantile(0.5), 500.5, "p50");
    near(s.quantile(0.95), 950.05, "p95");
    near(s.quantile(0.99), 990.01, "p99");
    assert.equal(s.count, 1000);
    assert.equal(s.mean(), 500.5);
  });

  test("it interpolates like numpy: p95 of [100, 200] is 195, of [1..5] 4.8, of [5] 5; zeros count", () => {
    near(sketchOf([100, 200]).quantile(0.95), 195, "p95 of two");
    near(sketchOf([1, 2, 3, 4, 5]).quantile(0.95), 4.8, "p95 of 1..5");
    near(sketchOf([5]).quantile(0.95), 5, "one value");
    assert.equal(sketchOf([0, 0, 0, 10]).quantile(0.5), 0);
  });

  test("the largest double is taken as 1e300, so no figure becomes Infinity (found by the fuzz: /real-time answered 500)", () => {
    const s = sketchOf([Number.MAX_VALUE, Number.MAX_VALUE, 1]);
    for (const q of [0.5, 0.95, 0.99]) assert.ok(Number.isFinite(s.quantile(q)), `p${q * 100}`);
    near(s.quantile(0.5), 1e300, "median");
    assert.equal(s.mean(), (2e300 + 1) / 3);
  });

  test("an empty sketch answers null", () => {
    const s = new Sketch();
    assert.equal(s.quantile(0.5), null);
    assert.equal(s.mean(), null);
  });

  test("subtracting a merged part leaves the quantiles and sum of the rest", () => {
    const rest = Array.from({ length: 200 }, (_, i) => 10 + i);
    const part = sketchOf([5000, 6000, 7000, 0]);
    const all = sketchOf(rest);
    all.merge(part);
    // Sorted: 0, 10..209, 5000, 6000, 7000; rank 0.99·203 = 200.97 lies between 209 and 5000.
    near(all.quantile(0.99), 209 + 0.97 * 4791, "p99 with the part");
    all.subtract(part);
    assert.equal(all.count, 200);
    assert.equal(
      all.sum,
      rest.reduce((a, b) => a + b, 0),
    );
    near(all.quantile(0.95), 10 + 0.95 * 199, "p95 of the rest");
    all.subtract(sketchOf(rest));
    assert.equal(all.count, 0);
    assert.equal(all.sum, 0);
    assert.equal(all.quantile(0.5), null);
  });
});
