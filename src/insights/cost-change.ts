/** One model's priced runs in a period: how many, their tokens (in + out) and what they cost. */
export interface ModelCost {
  model: string | null;
  runs: number;
  tokens: number;
  cost: number;
}

export interface CostChange {
  previous: number;
  current: number;
  /** current − previous = volume + model_mix + tokens_per_run + price, exactly (up to float rounding). */
  total: number;
  volume: number;
  model_mix: number;
  tokens_per_run: number;
  price: number;
}

export const COST_CHANGE_METHOD =
  "sequential substitution over priced runs, in the order volume (runs), model mix (each model's share of runs), tokens per run, price (cost per token); each part is the change in cost when that factor moves from the previous period's value to the current one's, the factors before it already moved";

/**
 * Splits a change in cost between two periods. Cost = Σ over models of runs × (tokens/run) ×
 * (cost/token). Starting from the previous period, the factors are replaced by the current ones
 * one at a time (COST_CHANGE_METHOD); the parts telescope, so they add up to the total change.
 * A model seen in one period only takes its own figures for the other (a new model's cost shows
 * as model mix); a model with no tokens before carries its whole cost-per-run change as price.
 */
export function decomposeCostChange(previous: readonly ModelCost[], current: readonly ModelCost[]): CostChange {
  const before = new Map(previous.map((m) => [m.model, m]));
  const sum = (xs: Iterable<number>) => [...xs].reduce((a, b) => a + b, 0);
  const c0 = sum(previous.map((m) => m.cost));
  const c1 = sum(current.map((m) => m.cost));
  const n0 = sum(previous.map((m) => m.runs));
  const n1 = sum(current.map((m) => m.runs));
  if (n0 === 0 || n1 === 0) {
    // Nothing to compare a mix or a rate against: the whole change is volume.
    return { previous: c0, current: c1, total: c1 - c0, volume: c1 - c0, model_mix: 0, tokens_per_run: 0, price: 0 };
  }
  const afterVolume = (n1 / n0) * c0;
  let afterMix = 0;
  let afterTokens = 0;
  for (const now of current) {
    const then = before.get(now.model) ?? now;
    const perRun = then.runs > 0 ? then.cost / then.runs : 0;
    afterMix += now.runs * perRun;
    afterTokens +=
      then.tokens > 0 && now.runs > 0
        ? now.runs * perRun * (now.tokens / now.runs / (then.tokens / then.runs))
        : now.runs * perRun;
  }
  return {
    previous: c0,
    current: c1,
    total: c1 - c0,
    volume: afterVolume - c0,
    model_mix: afterMix - afterVolume,
    tokens_per_run: afterTokens - afterMix,
    price: c1 - afterTokens,
  };
}
