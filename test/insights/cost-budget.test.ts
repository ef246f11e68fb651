import assert from "node:assert/strict";
import { test } from "node:test";
import { forecastBudget, monthOf } from "../../src/insights/cost-budget.js";

const NOW = Date.parse("2026-04-11T00:00:00Z");

test("the UTC calendar month holding now", () => {
  assert.deepEqual(monthOf(NOW), { from: Date.parse("2026-04-01T00:00:00Z"), to: Date.parse("2026-05-01T00:00:00Z") });
});

test("10 days into April, $200 spent of $500: $20 a day, $600 at month end, out on 26 April", () => {
  assert.deepEqual(forecastBudget({ budget: 500, spent: 200, coverage: 0.9, now: NOW }), {
    monthly_budget: 500,
    month_start: "2026-04-01T00:00:00.000Z",
    month_end: "2026-05-01T00:00:00.000Z",
    month_to_date: 200,
    coverage: 0.9,
    daily_rate: 20,
    forecast_month_end: 600,
    remaining: 300,
    exhausted: false,
    exhaustion_date: "2026-04-26T00:00:00.000Z",
  });
});

test("a rate that lasts the month gives no exhaustion date; a spent budget says so", () => {
  assert.equal(forecastBudget({ budget: 1000, spent: 200, coverage: 1, now: NOW }).exhaustion_date, null);
  assert.equal(forecastBudget({ budget: 1000, spent: 0, coverage: null, now: NOW }).exhaustion_date, null);
  const over = forecastBudget({ budget: 100, spent: 150, coverage: 1, now: NOW });
  assert.equal(over.exhausted, true);
  assert.equal(over.remaining, -50);
  assert.equal(over.exhaustion_date, null);
});
