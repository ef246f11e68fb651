import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Presence } from "../../src/live/presence.js";

/** Window lengths in seconds, longest last, as LiveMetrics orders them. */
const WINDOWS = [60, 300, 900, 3600];
const T0 = Date.parse("2026-03-01T12:00:00Z");

/** Moves every window's start to where LiveMetrics puts it at `t` (whole seconds); returns the starts. */
function advanceAll(p: Presence, t: number): number[] {
  const starts = WINDOWS.map((w) => (Math.floor(t / 1000) - w + 1) * 1000);
  for (const [i, s] of starts.entries()) p.advance(i, s);
  return starts;
}

/** A small deterministic generator (the test must fail the same way every time it fails). */
function lcg(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

describe("Presence: distinct users of every window at once", () => {
  test("counts equal a brute-force count over random, late and repeated sightings while windows age", () => {
    const rnd = lcg(7);
    const p = new Presence(WINDOWS.length, 1_000_000);
    const seen: Array<{ user: string; second: number }> = [];
    let now = T0;
    for (let step = 0; step < 4000; step++) {
      now += Math.floor(rnd() * 3000); // the clock moves 0–3 s between events
      const starts = advanceAll(p, now);
      const late = rnd() < 0.3 ? Math.floor(rnd() * 1_200_000) : 0; // up to 20 minutes late
      const at = now - late;
      const user = `u${Math.floor(rnd() * 40)}`;
      assert.equal(p.see(user, at), true);
      seen.push({ user, second: Math.floor(at / 1000) });
      if (step % 97 === 0) {
        starts.forEach((start, i) => {
          const expected = new Set(seen.filter((x) => x.second >= start / 1000).map((x) => x.user)).size;
          assert.equal(p.count(i), expected, `window ${WINDOWS[i]} s at step ${step}`);
        });
      }
    }
  });

  test("a user seen in the 1-minute window leaves it after a minute and the hour's after an hour", () => {
    const p = new Presence(WINDOWS.length, 10);
    const advance = (t: number) => advanceAll(p, t);
    advance(T0);
    p.see("a", T0);
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => p.count(i)),
      [1, 1, 1, 1],
    );
    advance(T0 + 60_000);
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => p.count(i)),
      [0, 1, 1, 1],
    );
    advance(T0 + 3_600_000);
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => p.count(i)),
      [0, 0, 0, 0],
    );
    // Forgotten by the longest window, so the cap has room again.
    for (let u = 0; u < 10; u++) assert.equal(p.see(`n${u}`, T0 + 3_600_000), true);
    assert.equal(p.see("one-too-many", T0 + 3_600_000), false);
    assert.equal(p.see("n3", T0 + 3_600_000), true);
  });

  test("a sighting older than a window counts only in the longer windows", () => {
    const p = new Presence(WINDOWS.length, 10);
    advanceAll(p, T0);
    p.see("late", T0 - 10 * 60_000);
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => p.count(i)),
      [0, 0, 1, 1],
    );
    p.see("late", T0 - 2 * 60_000); // seen again, more recently: now in the 5-minute window too
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => p.count(i)),
      [0, 1, 1, 1],
    );
    p.see("ancient", T0 - 2 * 3_600_000);
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => p.count(i)),
      [0, 1, 1, 1],
    );
  });
});
