import assert from "node:assert/strict";
import { test } from "node:test";
import { decomposeCostChange } from "../../src/insights/cost-change.js";

test("worked example: volume, model mix, tokens per run and price add up to the change", () => {
  // Before: A 100 runs, 100,000 tokens, $100 (1,000 tokens a run at $0.001); B 100 runs, 50,000
  // tokens, $200 (500 a run at $0.004). After: A 200 runs, 240,000 tokens, $288 (1,200 a run at
  // $0.0012); B 100 runs, 50,000 tokens, $100 (500 a run at $0.002). $300 → $388.
  const before = [
    { model: "A", runs: 100, tokens: 100_000, cost: 100 },
    { model: "B", runs: 100, tokens: 50_000, cost: 200 },
  ];
  const after = [
    { model: "A", runs: 200, tokens: 240_000, cost: 288 },
    { model: "B", runs: 100, tokens: 50_000, cost: 100 },
  ];
  const c = decomposeCostChange(before, after);
  // Volume: 300/200 × $300 = $450 (+150). Mix: 200 × $1 + 100 × $2 = $400 (−50). Tokens per run:
  // A's 1,000 → 1,200 at its old $1 a run: 240 + 200 = $440 (+40). Price: $388 (−52).
  assert.deepEqual(c, {
    previous: 300,
    current: 388,
    total: 88,
    volume: 150,
    model_mix: -50,
    tokens_per_run: 40,
    price: -52,
  });
  assert.equal(c.volume + c.model_mix + c.tokens_per_run + c.price, c.total);
});

test("a model new in the current period shows as model mix; one gone too", () => {
  const c = decomposeCostChange(
    [{ model: "A", runs: 10, tokens: 1000, cost: 10 }],
    [
      { model: "A", runs: 5, tokens: 500, cost: 5 },
      { model: "N", runs: 5, tokens: 500, cost: 20 },
    ],
  );
  // Same volume (10 runs); half the runs move to N at $4 a run: +15; tokens and prices unchanged.
  assert.deepEqual(c, { previous: 10, current: 25, total: 15, volume: 0, model_mix: 15, tokens_per_run: 0, price: 0 });
  const gone = decomposeCostChange(
    [
      { model: "A", runs: 5, tokens: 500, cost: 5 },
      { model: "N", runs: 5, tokens: 500, cost: 20 },
    ],
    [{ model: "A", runs: 10, tokens: 1000, cost: 10 }],
  );
  assert.deepEqual(gone, {
    previous: 25,
    current: 10,
    total: -15,
    volume: 0,
    model_mix: -15,
    tokens_per_run: 0,
    price: 0,
  });
});

test("with no priced runs on one side the whole change is volume", () => {
  assert.deepEqual(decomposeCostChange([], [{ model: "A", runs: 2, tokens: 10, cost: 3 }]), {
    previous: 0,
    current: 3,
    total: 3,
    volume: 3,
    model_mix: 0,
    tokens_per_run: 0,
    price: 0,
  });
});

test("sent costs without tokens: the change in cost per run is price", () => {
  const c = decomposeCostChange(
    [{ model: null, runs: 4, tokens: 0, cost: 2 }],
    [{ model: null, runs: 4, tokens: 0, cost: 3 }],
  );
  assert.deepEqual(c, { previous: 2, current: 3, total: 1, volume: 0, model_mix: 0, tokens_per_run: 0, price: 1 });
});
