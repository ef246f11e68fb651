import assert from "node:assert/strict";
import { test } from "node:test";
import { mean } from "../../src/stats/mean.js";
import { sampleStdDev } from "../../src/stats/std-dev.js";

const BASELINE = [100, 105, 95, 110, 98, 102, 108, 97, 103, 106];

test("mean 102.4 and sample standard deviation 4.92612 (n − 1) of the first version's baseline", () => {
  // numpy: mean 102.4, std(ddof=1) 4.926120853842978.
  assert.ok(Math.abs(mean(BASELINE) - 102.4) < 1e-12);
  assert.ok(Math.abs(sampleStdDev(BASELINE) - 4.926120853842978) < 1e-12);
});

test("by hand: 2, 4, 4, 4, 5, 5, 7, 9 has mean 5 and sample variance 32/7", () => {
  const xs = [2, 4, 4, 4, 5, 5, 7, 9];
  assert.equal(mean(xs), 5);
  assert.ok(Math.abs(sampleStdDev(xs) - Math.sqrt(32 / 7)) < 1e-12);
});

test("too few values are refused", () => {
  assert.throws(() => mean([]), RangeError);
  assert.throws(() => sampleStdDev([1]), RangeError);
  assert.equal(sampleStdDev([3, 3]), 0);
});
