import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestApp, testApp } from "../helpers/test-app.js";

const API = "/api/analytics";
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 9, 1, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const PERIOD = `from=${iso(T0)}&to=${iso(T0 + 10 * HOUR)}`;

/**
 * Eight runs: four of m-a without a cost (1,000 in, 500 out; 100..400 ms; one fails), one of m-a
 * that sent $0.50, two of m-b without a cost (no price: unpriced), one without a model that sent $0.25.
 */
function runs() {
  const run = (i: number, hour: number, more: Record<string, unknown>) => ({
    event_type: "cognitive_process",
    event_id: `run-${i}`,
    timestamp: T0 + hour * HOUR,
    user_id: `u${i % 2}`,
    membrane_type: i < 5 ? "reasoning" : "memory",
    processing_time: 100 * (i + 1),
    input_tokens: 1000,
    output_tokens: 500,
    success: i !== 3,
    ...more,
  });
  return [
    run(0, 1, { model: "m-a" }),
    run(1, 2, { model: "m-a" }),
    run(2, 3, { model: "m-a" }),
    run(3, 4, { model: "m-a" }),
    run(4, 5, { model: "m-a", cost: 0.5 }),
    run(5, 6, { model: "m-b" }),
    run(6, 7, { model: "m-b" }),
    run(7, 8, { cost: 0.25 }),
  ];
}

describe("prices, AI usage and cost", () => {
  let t: TestApp;
  let readKey: string;
  let ingestKey: string;
  const get = (url: string, key?: string | null) => t.call({ method: "GET", url: `${API}${url}`, key });
  const addPrice = (payload: object, key?: string | null) =>
    t.call({ method: "POST", url: `${API}/prices`, payload, key });
  const usage = async (query: string) => {
    const res = await get(`/ai-usage?${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  before(async () => {
    t = await testApp({ retentionDays: 3650 });
    const res = await t.call({ method: "POST", url: `${API}/track/batch`, payload: { events: runs() } });
    assert.equal(res.statusCode, 201, res.body);
    await t.service.pipeline.drain();
    const key = async (scopes: string[]) =>
      (await t.call({ method: "POST", url: `${API}/keys`, payload: { name: scopes[0], scopes } })).json().key as string;
    readKey = await key(["read"]);
    ingestKey = await key(["ingest"]);
  });
  after(() => t.close());

  test("with no prices only sent costs count; the other runs are unpriced, not $0", async () => {
    const r = await usage(`${PERIOD}&by=model`);
    assert.equal(r.currency, "USD");
    assert.equal(r.totals.cost, 0.75);
    assert.equal(r.totals.unpriced_runs, 6);
    assert.equal(r.totals.coverage, 0.25);
    const mb = r.groups.find((g: { key: string | null }) => g.key === "m-b");
    assert.equal(mb.cost, null);
    assert.equal(mb.coverage, 0);
  });

  test("a price prices the runs without a cost; a correction dated in the past re-prices them", async () => {
    const first = await addPrice({
      model: "m-a",
      input_per_1k: 2,
      output_per_1k: 4,
      effective_from: iso(T0 - 24 * HOUR),
    });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().effective_from, iso(T0 - 24 * HOUR));
    // Four runs at 2 + 2 = $4 each, plus the sent $0.50 and $0.25.
    const before = await usage(`${PERIOD}&by=model`);
    assert.equal(before.totals.cost, 16.75);
    assert.equal(before.totals.priced_runs, 6);
    assert.equal(before.totals.self_priced_runs, 2);
    assert.equal(before.totals.unpriced_runs, 2);
    assert.equal(before.totals.coverage, 0.75);
    const ma = before.groups.find((g: { key: string | null }) => g.key === "m-a");
    // numpy's rule: 400 + 0.8 · 100, to the last bit as doubles give it.
    assert.deepEqual(
      { ...ma, latency_p95_ms: Number(ma.latency_p95_ms.toFixed(9)) },
      {
        key: "m-a",
        runs: 5,
        success_rate: 0.8,
        input_tokens: 5000,
        output_tokens: 2500,
        latency_p50_ms: 300,
        latency_p95_ms: 480,
        cost: 16.5,
        priced_runs: 5,
        self_priced_runs: 1,
        unpriced_runs: 0,
        coverage: 1,
      },
    );
    // From T0 + 2.5 h m-a costs 1 and 2 per 1,000: runs at 3 h and 4 h now cost $2 each.
    const corrected = await addPrice({
      model: "m-a",
      input_per_1k: 1,
      output_per_1k: 2,
      effective_from: T0 + 2.5 * HOUR,
    });
    assert.equal(corrected.statusCode, 201, corrected.body);
    assert.equal((await usage(PERIOD)).totals.cost, 12.75);
    // Deleting the correction restores the first figures.
    const del = await t.call({ method: "DELETE", url: `${API}/prices/${corrected.json().id}` });
    assert.equal(del.statusCode, 204);
    assert.equal((await usage(PERIOD)).totals.cost, 16.75);
    const listed = await get("/prices", readKey);
    assert.equal(listed.statusCode, 200);
    assert.deepEqual(
      listed.json().prices.map((p: { model: string; input_per_1k: number }) => [p.model, p.input_per_1k]),
      [["m-a", 2]],
    );
  });

  test("grouped by day, user and membrane; the library answers the same", async () => {
    const byDay = await usage(`${PERIOD}&by=day`);
    assert.deepEqual(
      byDay.groups.map((g: { key: string; runs: number }) => [g.key, g.runs]),
      [[iso(Date.UTC(2026, 9, 1)), 8]],
    );
    const byUser = await usage(`${PERIOD}&by=user_id`);
    assert.deepEqual(
      byUser.groups.map((g: { key: string; runs: number }) => [g.key, g.runs]),
      [
        ["u0", 4],
        ["u1", 4],
      ],
    );
    const lib = await t.service.getModelUsage({ from: iso(T0), to: iso(T0 + 10 * HOUR), by: "membrane_type" });
    assert.deepEqual(
      lib.groups.map((g) => [g.key, g.runs, g.cost]),
      [
        ["reasoning", 5, 16.5],
        ["memory", 3, 0.25],
      ],
    );
    assert.equal(lib.budget, null);
  });

  test("compare=previous: the change in cost split into parts that add up to it", async () => {
    // The first 5 hours against the next 5: m-a's runs before, the others after.
    const r = await usage(`from=${iso(T0 + 5 * HOUR)}&to=${iso(T0 + 10 * HOUR)}&compare=previous`);
    assert.equal(r.previous.totals.cost, 16);
    assert.equal(r.totals.cost, 0.75);
    const c = r.cost_change;
    assert.equal(c.total, 0.75 - 16);
    assert.equal(Number((c.volume + c.model_mix + c.tokens_per_run + c.price).toFixed(9)), -15.25);
    assert.match(c.method, /^sequential substitution/);
  });

  test("prices: 400 naming each bad field, 409 for a second price on the same date, 404, 401, 403", async () => {
    const bad = await addPrice({ model: "", input_per_1k: -1, output_per_1k: "x", effective_from: "soon" });
    assert.equal(bad.statusCode, 400);
    const fields = bad.json().details.map((d: { field: string }) => d.field);
    for (const f of ["model", "input_per_1k", "output_per_1k", "effective_from"]) assert.ok(fields.includes(f), f);
    const euro = await addPrice({
      model: "m-c",
      input_per_1k: 1,
      output_per_1k: 1,
      effective_from: 0,
      currency: "EUR",
    });
    assert.equal(euro.statusCode, 400);
    assert.equal(euro.json().details[0].field, "currency");
    const twice = await addPrice({ model: "m-a", input_per_1k: 9, output_per_1k: 9, effective_from: T0 - 24 * HOUR });
    assert.equal(twice.statusCode, 409);
    assert.equal((await t.call({ method: "DELETE", url: `${API}/prices/nope` })).statusCode, 404);
    assert.equal((await get("/prices", null)).statusCode, 401);
    assert.equal((await get("/prices", ingestKey)).statusCode, 403);
    const price = { model: "m-b", input_per_1k: 1, output_per_1k: 1, effective_from: 0 };
    assert.equal((await addPrice(price, readKey)).statusCode, 403);
    assert.equal((await addPrice(price, null)).statusCode, 401);
    assert.equal((await t.call({ method: "DELETE", url: `${API}/prices/x`, key: readKey })).statusCode, 403);
  });

  test("ai-usage: 400 naming by, hours and tz; 401 and 403", async () => {
    const field = async (q: string) => {
      const res = await get(`/ai-usage?${q}`);
      assert.equal(res.statusCode, 400, q);
      return res.json().details[0].field;
    };
    assert.equal(await field("by=week"), "by");
    assert.equal(await field("hours=0"), "hours");
    assert.equal(await field("hours=5&from=2026-01-01T00:00:00Z"), "hours");
    assert.equal(await field("tz=Mars/Olympus"), "tz");
    assert.equal((await get("/ai-usage", null)).statusCode, 401);
    assert.equal((await get("/ai-usage", ingestKey)).statusCode, 403);
    assert.equal((await get("/ai-usage", readKey)).statusCode, 200);
  });
});

describe("monthly budget", () => {
  test("set, it answers month-to-date spend, its forecast and the budget left", async () => {
    const t = await testApp({ monthlyBudget: 100 });
    try {
      const res = await t.call({ method: "GET", url: `${API}/ai-usage` });
      assert.equal(res.statusCode, 200, res.body);
      const b = res.json().budget;
      // An empty store: nothing spent, nothing priced, no exhaustion in sight.
      assert.equal(b.monthly_budget, 100);
      assert.equal(b.month_to_date, 0);
      assert.equal(b.remaining, 100);
      assert.equal(b.coverage, null);
      assert.equal(b.exhaustion_date, null);
    } finally {
      await t.close();
    }
  });
});
