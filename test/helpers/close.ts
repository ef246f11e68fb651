import assert from "node:assert/strict";

/** Relative tolerance for sums of floats: an engine adds in an order of its own (threads, row groups). */
const RELATIVE = 1e-9;

/** `actual` with every number that lies within RELATIVE of its counterpart in `expected` replaced by it. */
function aligned(actual: unknown, expected: unknown): unknown {
  if (typeof actual === "number" && typeof expected === "number") {
    const scale = Math.max(Math.abs(actual), Math.abs(expected), 1);
    return Math.abs(actual - expected) <= RELATIVE * scale ? expected : actual;
  }
  if (Array.isArray(actual) && Array.isArray(expected)) return actual.map((x, i) => aligned(x, expected[i]));
  if (actual && expected && typeof actual === "object" && typeof expected === "object") {
    const e = expected as Record<string, unknown>;
    return Object.fromEntries(Object.entries(actual).map(([k, v]) => [k, aligned(v, e[k])]));
  }
  return actual;
}

/**
 * deepEqual for answers holding sums of floats: two reads of the same events may add them in another
 * order (0.45 and 0.44999999999999996), so numbers agree within a relative 1e-9; all else exactly.
 */
export function assertDeepClose(actual: unknown, expected: unknown, message?: string): void {
  assert.deepEqual(aligned(actual, expected), expected, message);
}
