const DAY_MS = 86_400_000;

export interface BudgetForecast {
  monthly_budget: number;
  /** The calendar month (UTC) the figures are for. */
  month_start: string;
  month_end: string;
  /** Priced spend from the month's start to now, and the share of its runs that were priced. */
  month_to_date: number;
  coverage: number | null;
  /** Spend per day so far, and the month's spend if that rate holds to its end. */
  daily_rate: number;
  forecast_month_end: number;
  remaining: number;
  exhausted: boolean;
  /** When the budget runs out at the current daily rate, if before the month ends; else null. */
  exhaustion_date: string | null;
}

/** Start and end (exclusive) of the UTC calendar month holding `now`. */
export function monthOf(now: number): { from: number; to: number } {
  const d = new Date(now);
  return {
    from: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1),
    to: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1),
  };
}

/** The month's budget against its spend so far, projected at the current daily rate. */
export function forecastBudget(spec: {
  budget: number;
  spent: number;
  coverage: number | null;
  now: number;
}): BudgetForecast {
  const month = monthOf(spec.now);
  const elapsedDays = Math.max(spec.now - month.from, 1) / DAY_MS;
  const rate = spec.spent / elapsedDays;
  const left = spec.budget - spec.spent;
  const exhausted = left <= 0;
  const runsOutAt = !exhausted && rate > 0 ? spec.now + (left / rate) * DAY_MS : null;
  return {
    monthly_budget: spec.budget,
    month_start: new Date(month.from).toISOString(),
    month_end: new Date(month.to).toISOString(),
    month_to_date: spec.spent,
    coverage: spec.coverage,
    daily_rate: rate,
    forecast_month_end: spec.spent + (rate * (month.to - spec.now)) / DAY_MS,
    remaining: left,
    exhausted,
    exhaustion_date: runsOutAt !== null && runsOutAt < month.to ? new Date(Math.round(runsOutAt)).toISOString() : null,
  };
}
