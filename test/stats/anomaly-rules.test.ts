import assert from "node:assert/strict";
import { test } from "node:test";
import { iqrFences, outsideFences } from "../../src/stats/iqr.js";
import { medianAbsoluteDeviation, modifiedZScore } from "../../src/stats/mad.js";
import { zScore } from "../../src/stats/z-score.js";

const BASELINE = [100, 105, 95, 110, 98, 102, 108, 97, 103, 106];

test("IQR fences of the first version's baseline: 87.625 and 116.625; 117 and 87 outside, 104 and 88 inside", () => {
  const f = iqrFences(BASELINE);
  assert.deepEqual(f, { q1: 98.5, q3: 105.75, lower: 87.625, upper: 116.625 });
  assert.equal(outsideFences(104, f), false);
  assert.equal(outsideFences(88, f), false);
  assert.equal(outsideFences(117, f), true);
  assert.equal(outsideFences(87, f), true);
  assert.equal(outsideFences(116.625, f), false, "strictly outside");
});

test("z-scores: (500 − 102.4)/4.92612 = 80.71; a constant baseline gives 0", () => {
  assert.ok(Math.abs(zScore(500, 102.4, 4.926120853842978) - 80.7125) < 1e-4);
  assert.equal(zScore(5, 3, 0), 0);
});

test("median/MAD: median 102.5, MAD 4 (deviations .5 .5 2.5 2.5 3.5 4.5 5.5 5.5 7.5 7.5); 500 scores 67.03", () => {
  const { median, mad } = medianAbsoluteDeviation(BASELINE);
  assert.equal(median, 102.5);
  assert.equal(mad, 4);
  assert.ok(Math.abs(modifiedZScore(500, median, mad) - 67.0284375) < 1e-9);
  assert.ok(Math.abs(modifiedZScore(88, median, mad) + 2.4450625) < 1e-9);
  assert.equal(modifiedZScore(9, 3, 0), 0);
});
