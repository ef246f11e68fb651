import assert from "node:assert/strict";
import { test } from "node:test";
import { fillGaps } from "../../src/insights/gaps.js";

const pts = (vs: Array<number | null>) => vs.map((value, t) => ({ t, value }));

test("leading gaps dropped, inner ones interpolated, trailing ones carried", () => {
  assert.deepEqual(fillGaps(pts([null, 2, null, null, 8, null])), { values: [2, 4, 6, 8, 8], filled: 3 });
});

test("nothing known: no values", () => {
  assert.deepEqual(fillGaps(pts([null, null])), { values: [], filled: 0 });
});
