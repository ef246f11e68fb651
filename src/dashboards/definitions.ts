import { ValidationError } from "../errors.js";
import type { DashboardInput, WidgetDef } from "./api-schemas.js";
import { planWidget, type WidgetPlan } from "./plan.js";

/**
 * Checks a dashboard beyond its schema: widget ids unique, every widget compiling (measures,
 * fields, intervals, filters). Each error names its field (`widgets.2.configuration.interval`).
 */
export function checkDashboard(input: DashboardInput): void {
  const seen = new Set<string>();
  input.widgets.forEach((w, i) => {
    if (seen.has(w.widget_id)) {
      throw new ValidationError("Invalid dashboard", [
        { field: `widgets.${i}.widget_id`, message: `'${w.widget_id}' is used by an earlier widget` },
      ]);
    }
    seen.add(w.widget_id);
    planWidget(w, `widgets.${i}.configuration`);
  });
}

/** A stored widget's plan, or the error that keeps it from being computed (shown as its data). */
export function planOrError(w: WidgetDef, i: number): WidgetPlan | { error: string } {
  try {
    return planWidget(w, `widgets.${i}.configuration`);
  } catch (err) {
    return { error: describeError(err) };
  }
}

/** A widget's failure as its data shows it: the message, and each bad field for bad input. */
export function describeError(err: unknown): string {
  if (err instanceof ValidationError) {
    const fields = (err.details ?? []).map((d) => `${d.field} ${d.message}`).join("; ");
    return fields ? `${err.message}: ${fields}` : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
