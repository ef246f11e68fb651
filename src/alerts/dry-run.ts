import type { Store } from "../store/port.js";
import type { AlertRule } from "./rule.js";
import { seriesOf, stepsOf } from "./rule-series.js";
import type { AnomalySettings } from "./steps.js";
import { apply, type SeriesState, transition } from "./transition.js";

export const DRY_RUN_DAYS = 7;
const DAY_MS = 86_400_000;

export interface Firing {
  series: string | null;
  started_at: string;
  /** null: still firing at the end of the replay. */
  resolved_at: string | null;
}

export interface DryRun {
  period: { from: string; to: string };
  /** How many alerts would have fired (and been sent): cool-down and de-duplication applied. */
  fired: number;
  firings: Firing[];
  /** Buckets judged per series, and how many of them had no data. */
  evaluations: number;
  missing: number;
}

/**
 * A rule replayed over the last 7 days as the evaluator would have run it bucket by bucket (every
 * minute for thresholds, every hour for anomalies), from a quiet state, without saving anything.
 */
export async function dryRun(
  store: Store,
  rule: AlertRule,
  now: number,
  settings: AnomalySettings,
  cooldownMs: number,
): Promise<DryRun> {
  const span = { from: now - DRY_RUN_DAYS * DAY_MS, to: now };
  const firings: Firing[] = [];
  let evaluations = 0;
  let missing = 0;
  for (const s of await seriesOf(store, rule, span)) {
    let state: SeriesState = { firingSince: null, lastResolvedAt: null };
    for (const step of await stepsOf(store, rule, s, span, settings)) {
      evaluations += 1;
      if (step.verdict === "missing") missing += 1;
      const t = transition(state, step, rule, cooldownMs);
      if (t?.kind === "fire") {
        firings.push({ series: s.key || null, started_at: new Date(t.at).toISOString(), resolved_at: null });
      } else if (t?.kind === "resolve") {
        (firings[firings.length - 1] as Firing).resolved_at = new Date(t.at).toISOString();
      }
      state = apply(state, t);
    }
  }
  firings.sort((a, b) => a.started_at.localeCompare(b.started_at) || (a.series ?? "").localeCompare(b.series ?? ""));
  return {
    period: { from: new Date(span.from).toISOString(), to: new Date(span.to).toISOString() },
    fired: firings.length,
    firings,
    evaluations,
    missing,
  };
}
