import assert from "node:assert/strict";
import { test } from "node:test";
import { smooth } from "../../src/stats/exp-smoothing.js";
import { chooseSmoothing, fitSmoothing } from "../../src/stats/fit-smoothing.js";

const close = (a: number, b: number, tol: number, what = "") =>
  assert.ok(Math.abs(a - b) < tol, `${what} ${a} vs ${b}`);

test("simple exponential smoothing by hand: 3 5 4 6 5 at α 0.5 → errors 2 0 2 0, level 5", () => {
  const fit = smooth([3, 5, 4, 6, 5], { alpha: 0.5 });
  assert.equal(fit.method, "simple_exponential_smoothing");
  assert.deepEqual(fit.residuals, [2, 0, 2, 0]);
  assert.equal(fit.sse, 8);
  assert.equal(fit.forecast(3), 5);
  // SES: 1 + (h − 1)·α².
  assert.equal(fit.varianceFactor(3), 1.5);
});

test("Holt's linear at α 0.5, β 0.2 (a short Python loop gives SSE 20.5524, forecasts 7.852 and 10.376)", () => {
  const fit = smooth([3, 5, 4, 6, 5], { alpha: 0.5, beta: 0.2 });
  assert.equal(fit.method, "holt_linear");
  close(fit.sse, 20.5524, 1e-12);
  close(fit.forecast(1), 7.852, 1e-12);
  close(fit.forecast(3), 10.376, 1e-12);
});

test("Holt-Winters additive, season 4, α 0.3 β 0.1 γ 0.2: SSE, forecasts and variance factors of an independent loop", () => {
  const ys = [10, 14, 8, 12, 12, 16, 10, 15, 14, 19, 11, 17];
  const fit = smooth(ys, { alpha: 0.3, beta: 0.1, gamma: 0.2, period: 4 });
  assert.equal(fit.method, "holt_winters_additive");
  assert.equal(fit.residuals.length, 8);
  close(fit.sse, 4.726468690442875, 1e-12, "sse");
  const expected = [16.397548773402292, 20.63157231858482, 14.189635138303899, 18.847227680073516, 18.594946702272402];
  for (const [i, v] of expected.entries()) close(fit.forecast(i + 1), v, 1e-12, `h=${i + 1}`);
  // c_j = α(1 + jβ) + γ when j is a whole number of seasons: 1, 1.1089, 1.2385, 1.3906, 1.775.
  for (const [i, v] of [1, 1.1089, 1.2385, 1.3906, 1.775].entries())
    close(fit.varianceFactor(i + 1), v, 1e-12, `vf h=${i + 1}`);
});

test("too short a series for the model is refused", () => {
  assert.throws(() => smooth([1], { alpha: 0.5 }), /at least 2/);
  assert.throws(() => smooth([1, 2], { alpha: 0.5, beta: 0.1 }), /at least 3/);
  assert.throws(() => smooth([1, 2, 3, 4, 5, 6, 7], { alpha: 0.5, beta: 0.1, gamma: 0.1, period: 4 }), /at least 8/);
});

test("the grid recovers an exact line (SSE 0) and chooses Holt for it", () => {
  const line = Array.from({ length: 20 }, (_, i) => 5 + 2 * i);
  const fit = fitSmoothing(line, true);
  assert.equal(fit.sse, 0);
  close(fit.forecast(5), 5 + 2 * 24, 1e-9);
  assert.equal(chooseSmoothing(line, 10)?.method, "holt_linear");
});

test("chooses Holt-Winters for a daily pattern with two full seasons, nothing below the minimum", () => {
  const daily = Array.from({ length: 72 }, (_, i) => 50 + 20 * Math.sin((2 * Math.PI * i) / 24) + (i % 5));
  assert.equal(chooseSmoothing(daily, 10, 24)?.method, "holt_winters_additive");
  // One season only: no Holt-Winters.
  assert.notEqual(chooseSmoothing(daily.slice(0, 40), 10, 24)?.method, "holt_winters_additive");
  assert.equal(chooseSmoothing(daily.slice(0, 9), 10, 24), null);
});
