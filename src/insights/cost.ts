import { type Static, Type } from "@sinclair/typebox";
import { type Period, PeriodQuery, type TimeSpan } from "../model/period.js";
import type { PriceRecord } from "../store/port/prices.js";
import type { QueryRunner } from "../store/port/query-runner.js";
import { COST_KEYS, type CostKey, type PricedUsage, pricedUsage } from "../store/queries/priced-usage.js";
import { type BudgetForecast, forecastBudget, monthOf } from "./cost-budget.js";
import { COST_CHANGE_METHOD, type CostChange, decomposeCostChange, type ModelCost } from "./cost-change.js";
import { currencyOf, type PriceBook } from "./pricing.js";

/** The ai-usage query: the shared period and the grouping. */
export const AiUsageQuery = Type.Composite(
  [
    PeriodQuery,
    Type.Object({
      by: Type.Union(
        COST_KEYS.map((k) => Type.Literal(k)),
        { default: "model", description: "Group by model, membrane_type, user_id or day (in tz)" },
      ),
    }),
  ],
  { additionalProperties: false },
);
export type AiUsageQuery = Static<typeof AiUsageQuery>;

/** AI usage figures of a group (or of the whole period). */
export interface UsageFigures {
  runs: number;
  success_rate: number | null;
  input_tokens: number;
  output_tokens: number;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  /** Sent costs plus table prices; null when no run is priced — never 0 for unpriced runs. */
  cost: number | null;
  priced_runs: number;
  self_priced_runs: number;
  unpriced_runs: number;
  /** Share of runs priced (sent cost or table), 0..1; null without runs. */
  coverage: number | null;
}

export interface AiUsageReport {
  period: { from: string; to: string; time_zone: string };
  by: CostKey;
  currency: string;
  /** The group's model, membrane type, user or day (ISO start); null for runs without one. */
  groups: Array<{ key: string | null } & UsageFigures>;
  totals: UsageFigures;
  previous: { period: { from: string; to: string }; totals: UsageFigures } | null;
  cost_change: (CostChange & { method: string }) | null;
  budget: BudgetForecast | null;
}

function figures(r: PricedUsage | undefined): UsageFigures {
  const runs = r?.runs ?? 0;
  const priced = (r?.self_priced_runs ?? 0) + (r?.table_priced_runs ?? 0);
  return {
    runs,
    success_rate: runs ? (r?.successes ?? 0) / runs : null,
    input_tokens: r?.input_tokens ?? 0,
    output_tokens: r?.output_tokens ?? 0,
    latency_p50_ms: r?.p50_processing_time ?? null,
    latency_p95_ms: r?.p95_processing_time ?? null,
    cost: r?.cost ?? null,
    priced_runs: priced,
    self_priced_runs: r?.self_priced_runs ?? 0,
    unpriced_runs: r?.unpriced_runs ?? 0,
    coverage: runs ? priced / runs : null,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** AI usage and cost over a period, priced at query time from the price table. */
export class AiUsage {
  constructor(
    private readonly runner: QueryRunner,
    private readonly book: PriceBook,
    private readonly monthlyBudget: number | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  async report(period: Period, by: CostKey): Promise<AiUsageReport> {
    const prices = await this.book.list();
    const ask = (span: TimeSpan, key: CostKey | null) =>
      this.runner.run(pricedUsage({ ...span, by: key, timeZone: period.timeZone, prices }));
    const [groups, [totals]] = await Promise.all([ask(period, by), ask(period, null)]);
    let previous: AiUsageReport["previous"] = null;
    let change: AiUsageReport["cost_change"] = null;
    if (period.previous) {
      const [[before], modelsBefore, modelsNow] = await Promise.all([
        ask(period.previous, null),
        ask(period.previous, "model"),
        by === "model" ? Promise.resolve(groups) : ask(period, "model"),
      ]);
      previous = { period: { from: iso(period.previous.from), to: iso(period.previous.to) }, totals: figures(before) };
      change = { ...decomposeCostChange(modelCosts(modelsBefore), modelCosts(modelsNow)), method: COST_CHANGE_METHOD };
    }
    return {
      period: { from: iso(period.from), to: iso(period.to), time_zone: period.timeZone },
      by,
      currency: currencyOf(prices),
      groups: groups.map((g) => ({
        key: g.key === null ? null : by === "day" ? iso(g.key as number) : String(g.key),
        ...figures(g),
      })),
      totals: figures(totals),
      previous,
      cost_change: change,
      budget: await this.budget(prices),
    };
  }

  /** Month-to-date spend against the monthly budget, when one is set. */
  private async budget(prices: readonly PriceRecord[]): Promise<BudgetForecast | null> {
    if (this.monthlyBudget === undefined) return null;
    const now = this.now();
    const [mtd] = await this.runner.run(pricedUsage({ from: monthOf(now).from, to: now + 1, by: null, prices }));
    const f = figures(mtd);
    return forecastBudget({ budget: this.monthlyBudget, spent: f.cost ?? 0, coverage: f.coverage, now });
  }
}

/** Each model's priced runs, tokens and cost: what the decomposition compares. */
function modelCosts(rows: readonly PricedUsage[]): ModelCost[] {
  return rows
    .filter((r) => r.self_priced_runs + r.table_priced_runs > 0)
    .map((r) => ({
      model: r.key === null ? null : String(r.key),
      runs: r.self_priced_runs + r.table_priced_runs,
      tokens: r.priced_tokens,
      cost: r.cost ?? 0,
    }));
}
