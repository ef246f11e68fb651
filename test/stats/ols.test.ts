import assert from "node:assert/strict";
import { test } from "node:test";
import { ols, predictionInterval, slopeInterval } from "../../src/stats/ols.js";

const DAY = 86_400_000;
const close = (a: number, b: number, tol: number, what = "") =>
  assert.ok(Math.abs(a - b) < tol, `${what} ${a} vs ${b}`);

// The first version's fixture: 30 daily points, value = 100 + 2i + 5(i mod 7), at epoch-ms x.
// numpy.linalg.lstsq on centred x: slope 2.0945494994438265 per day, r² 0.7617401739752897,
// residual standard error 10.4950241577937; 7 days after the last point 188.19948090470896 with
// prediction standard error 11.68208065878551 (× t(0.975, 28) = 2.048407 for the 95 % interval).
const xs = Array.from({ length: 30 }, (_, i) => 1.7e12 + i * DAY);
const ys = xs.map((_, i) => 100 + 2 * i + 5 * (i % 7));

test("epoch-millisecond x: slope, r², residual error as numpy gives them", () => {
  const fit = ols(xs, ys);
  close(fit.slope * DAY, 2.0945494994438265, 1e-9, "slope per day");
  close(fit.r2, 0.7617401739752897, 1e-12, "r²");
  close(fit.residualStdError, 10.4950241577937, 1e-9, "residual standard error");
  close(fit.intercept, -41099.405100317235, 1e-4, "intercept");
});

test("the 95 % prediction interval 7 days ahead", () => {
  const p = predictionInterval(ols(xs, ys), (xs[29] as number) + 7 * DAY, 0.95);
  close(p.value, 188.19948090470896, 1e-8);
  close(p.upper - p.value, 2.048407 * 11.68208065878551, 1e-4);
  close(p.value - p.lower, p.upper - p.value, 1e-9);
});

test("an exact line: slope 3, r² 1, zero-width interval; the slope interval is the slope", () => {
  const fit = ols([1, 2, 3, 4], [5, 8, 11, 14]);
  assert.equal(fit.slope, 3);
  assert.equal(fit.intercept, 2);
  assert.equal(fit.r2, 1);
  assert.deepEqual(predictionInterval(fit, 10, 0.95), { value: 32, lower: 32, upper: 32 });
  assert.deepEqual(slopeInterval(fit, 0.95), [3, 3]);
});

test("a constant y has r² 1 (nothing to explain) and slope 0", () => {
  const fit = ols([1, 2, 3], [7, 7, 7]);
  assert.equal(fit.slope, 0);
  assert.equal(fit.r2, 1);
});

test("fewer than 3 points, unequal lengths or a single x are refused", () => {
  assert.throws(() => ols([1, 2], [1, 2]), RangeError);
  assert.throws(() => ols([1, 2, 3], [1, 2]), RangeError);
  assert.throws(() => ols([5, 5, 5], [1, 2, 3]), /every x is the same/);
});
