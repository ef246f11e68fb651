import assert from "node:assert/strict";
import { test } from "node:test";
import { seasonalProfile } from "../../src/stats/seasonal-profile.js";

test("slot medians and the share the slots explain, by hand", () => {
  // Slot 0: 1, 3 (mean 2); slot 1: 9, 11 (mean 10). Grand mean 6; total SS 25+9+9+25 = 68; between 2·16 + 2·16 = 64.
  const p = seasonalProfile(
    [
      { slot: 0, value: 1 },
      { slot: 1, value: 9 },
      { slot: 0, value: 3 },
      { slot: 1, value: 11 },
    ],
    3,
  );
  assert.deepEqual(p.centre, [2, 10, null]);
  assert.equal(p.explained, 64 / 68);
});

test("a constant series explains nothing; a slot with one sample has no centre at the default minimum", () => {
  const p = seasonalProfile(
    [
      { slot: 0, value: 4 },
      { slot: 0, value: 4 },
      { slot: 1, value: 4 },
    ],
    2,
  );
  assert.deepEqual(p, { centre: [4, null], explained: 0 });
});
