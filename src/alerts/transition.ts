import type { AlertRule } from "./rule.js";
import type { Step } from "./steps.js";

/** Where one series of a rule stands: firing since `started_at`, or not; and when it last resolved. */
export interface SeriesState {
  firingSince: number | null;
  lastResolvedAt: number | null;
}

export type Transition = { kind: "fire" | "resolve"; at: number; value: number | null } | null;

/**
 * The state machine of one series. Missing data reads as the rule says: `ok` as clear (a firing
 * alert resolves), `alerting` as a breach, `keep_state` as no change. A breach while firing changes
 * nothing (delivered once); a breach within the cool-down after a resolution fires nothing.
 */
export function transition(
  state: SeriesState,
  step: Step,
  rule: Pick<AlertRule, "missing_data">,
  cooldownMs: number,
): Transition {
  let verdict = step.verdict;
  if (verdict === "missing") {
    if (rule.missing_data === "keep_state") return null;
    verdict = rule.missing_data === "alerting" ? "breach" : "clear";
  }
  if (verdict === "breach" && state.firingSince === null) {
    if (state.lastResolvedAt !== null && step.t - state.lastResolvedAt < cooldownMs) return null;
    return { kind: "fire", at: step.t, value: step.value };
  }
  if (verdict === "clear" && state.firingSince !== null) return { kind: "resolve", at: step.t, value: step.value };
  return null;
}

/** The state after a transition. */
export function apply(state: SeriesState, t: Transition): SeriesState {
  if (!t) return state;
  return t.kind === "fire" ? { ...state, firingSince: t.at } : { firingSince: null, lastResolvedAt: t.at };
}
