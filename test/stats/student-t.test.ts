import assert from "node:assert/strict";
import { test } from "node:test";
import { tCdf, tQuantile } from "../../src/stats/student-t.js";

const close = (a: number, b: number, tol: number) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

test("closed forms: df 1 is Cauchy (tan), df 2 is (2p − 1)/√(2p(1 − p))", () => {
  for (const p of [0.6, 0.9, 0.975, 0.995]) {
    close(tQuantile(p, 1), Math.tan(Math.PI * (p - 0.5)), 1e-8);
    close(tQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 1e-9);
  }
});

test("printed table values: t(0.975, 10) = 2.228, t(0.975, 5) = 2.571, t(0.95, 10) = 1.812, t(0.995, 10) = 3.169, t(0.975, 30) = 2.042", () => {
  close(tQuantile(0.975, 10), 2.228, 5e-4);
  close(tQuantile(0.975, 5), 2.571, 5e-4);
  close(tQuantile(0.95, 10), 1.812, 5e-4);
  close(tQuantile(0.995, 10), 3.169, 5e-4);
  close(tQuantile(0.975, 30), 2.042, 5e-4);
  // Many degrees of freedom approach the normal 1.95996.
  close(tQuantile(0.975, 100_000), 1.95996, 1e-4);
});

test("symmetric, and the CDF inverts the quantile", () => {
  close(tQuantile(0.025, 10), -tQuantile(0.975, 10), 1e-12);
  assert.equal(tCdf(0, 7), 0.5);
  close(tCdf(tQuantile(0.9, 7), 7), 0.9, 1e-10);
  close(tCdf(-2.228, 10), 0.025, 1e-4);
});

test("a probability outside (0, 1) or df ≤ 0 is refused", () => {
  assert.throws(() => tQuantile(1, 5), RangeError);
  assert.throws(() => tQuantile(0.5, 0), RangeError);
});
