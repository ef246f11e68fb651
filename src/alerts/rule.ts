import { type Static, Type } from "@sinclair/typebox";
import { type FieldError, ValidationError } from "../errors.js";
import { METRIC_NAMES } from "../insights/series.js";
import { isHttpUrl } from "../model/http-url.js";
import { wellFormedString } from "../model/strings.js";

/** Fields an alert rule may be broken down by: each of their top values is a series of its own. */
export const BREAKDOWN_FIELDS = ["model", "membrane_type", "user_id", "endpoint"] as const;
export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export const MAX_WEBHOOKS = 10;
export const MAX_FOR_MINUTES = 24 * 60;
export const MAX_COOLDOWN_MINUTES = 7 * 24 * 60;

const literals = <T extends string>(values: readonly T[], description: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { description },
  );

/**
 * An alert rule as the API and the library take it. `threshold` rules compare a metric's
 * per-minute value with `threshold`; `anomaly` rules fire on an anomaly of the metric's hourly series.
 */
export const AlertRuleInput = Type.Object(
  {
    name: wellFormedString({ minLength: 1, maxLength: 200, description: "Shown in notifications" }),
    kind: literals(
      ["threshold", "anomaly"] as const,
      "threshold: the metric against a value; anomaly: against its own history",
    ),
    metric: literals(METRIC_NAMES, "A metric of the series catalogue"),
    operator: Type.Optional(
      literals(["above", "below"] as const, "threshold rules: fire when the metric is above/below"),
    ),
    threshold: Type.Optional(Type.Number({ description: "threshold rules: the value compared with" })),
    for_minutes: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_FOR_MINUTES,
        description: "threshold rules: consecutive minutes the condition holds before the alert fires (default 1)",
      }),
    ),
    min_severity: Type.Optional(literals(SEVERITIES, "anomaly rules: the least severity that fires (default low)")),
    breakdown: Type.Optional(
      Type.Object(
        {
          field: literals(BREAKDOWN_FIELDS, "Each of the field's top values is judged separately"),
          top: Type.Optional(
            Type.Integer({ minimum: 1, maximum: 20, description: "How many top values, by events (default 5)" }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    missing_data: Type.Optional(
      literals(
        ["ok", "alerting", "keep_state"] as const,
        "When the window holds no data: ok (resolves), alerting (fires), keep_state (no change); default ok",
      ),
    ),
    cooldown_minutes: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_COOLDOWN_MINUTES,
        description: "After a resolution, no new firing of the same series within it (default: the setting)",
      }),
    ),
    severity: Type.Optional(
      literals(["warning", "critical"] as const, "How a firing alert weighs on health (default warning)"),
    ),
    webhooks: Type.Optional(
      Type.Array(wellFormedString({ minLength: 1, maxLength: 2000, description: "An http or https URL" }), {
        maxItems: MAX_WEBHOOKS,
        description: "Notified of each firing and resolution (default none)",
      }),
    ),
    dashboard_url: Type.Optional(
      wellFormedString({ minLength: 1, maxLength: 2000, description: "Linked in notifications" }),
    ),
    enabled: Type.Optional(Type.Boolean({ description: "A disabled rule is not evaluated (default true)" })),
  },
  { additionalProperties: false },
);
export type AlertRuleInput = Static<typeof AlertRuleInput>;

/** A rule with every default filled in, as stored and evaluated. */
export interface AlertRule {
  id: string;
  name: string;
  kind: "threshold" | "anomaly";
  metric: (typeof METRIC_NAMES)[number];
  operator: "above" | "below" | null;
  threshold: number | null;
  for_minutes: number;
  min_severity: (typeof SEVERITIES)[number];
  breakdown: { field: (typeof BREAKDOWN_FIELDS)[number]; top: number } | null;
  missing_data: "ok" | "alerting" | "keep_state";
  cooldown_minutes: number | null;
  severity: "warning" | "critical";
  webhooks: string[];
  dashboard_url: string | null;
  enabled: boolean;
  created_at: number;
  updated_at: number;
}

/** The checks TypeBox cannot state: fields a kind needs, and URLs. */
export function checkRule(input: AlertRuleInput): void {
  const errors: FieldError[] = [];
  if (input.kind === "threshold") {
    if (input.operator === undefined) errors.push({ field: "operator", message: "is required by threshold rules" });
    if (input.threshold === undefined) errors.push({ field: "threshold", message: "is required by threshold rules" });
  } else {
    for (const f of ["operator", "threshold", "for_minutes"] as const) {
      if (input[f] !== undefined) errors.push({ field: f, message: "applies to threshold rules only" });
    }
  }
  if (input.kind === "threshold" && input.min_severity !== undefined) {
    errors.push({ field: "min_severity", message: "applies to anomaly rules only" });
  }
  (input.webhooks ?? []).forEach((u, i) => {
    if (!isHttpUrl(u)) errors.push({ field: `webhooks[${i}]`, message: "must be an http or https URL" });
  });
  if (input.dashboard_url !== undefined && !isHttpUrl(input.dashboard_url)) {
    errors.push({ field: "dashboard_url", message: "must be an http or https URL" });
  }
  if (errors.length) throw new ValidationError("Invalid alert rule", errors);
}

/** The rule with its defaults, stamped with its id and times. */
export function toRule(input: AlertRuleInput, id: string, created_at: number, updated_at: number): AlertRule {
  checkRule(input);
  return {
    id,
    name: input.name,
    kind: input.kind,
    metric: input.metric,
    operator: input.operator ?? null,
    threshold: input.threshold ?? null,
    for_minutes: input.kind === "threshold" ? (input.for_minutes ?? 1) : 60,
    min_severity: input.min_severity ?? "low",
    breakdown: input.breakdown ? { field: input.breakdown.field, top: input.breakdown.top ?? 5 } : null,
    missing_data: input.missing_data ?? "ok",
    cooldown_minutes: input.cooldown_minutes ?? null,
    severity: input.severity ?? "warning",
    webhooks: input.webhooks ?? [],
    dashboard_url: input.dashboard_url ?? null,
    enabled: input.enabled ?? true,
    created_at,
    updated_at,
  };
}

/** The rule as the API shows it: times in ISO 8601. */
export function ruleView(r: AlertRule) {
  return { ...r, created_at: new Date(r.created_at).toISOString(), updated_at: new Date(r.updated_at).toISOString() };
}
export type AlertRuleView = ReturnType<typeof ruleView>;
