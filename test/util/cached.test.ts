import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Cached } from "../../src/util/cached.js";

describe("Cached", () => {
  test("one computation per time-to-live, shared by concurrent callers", async () => {
    const clock = { now: 0 };
    let n = 0;
    const c = new Cached(
      100,
      async () => ++n,
      () => clock.now,
    );
    assert.deepEqual(await Promise.all([c.get(), c.get()]), [1, 1]);
    clock.now = 99;
    assert.equal(await c.get(), 1);
    clock.now = 100;
    assert.equal(await c.get(), 2);
  });

  test("a failed computation is not kept: the next call computes again", async () => {
    let n = 0;
    const c = new Cached(1000, async () => {
      n += 1;
      if (n === 1) throw new Error("first fails");
      return n;
    });
    await assert.rejects(c.get(), /first fails/);
    assert.equal(await c.get(), 2);
  });
});
