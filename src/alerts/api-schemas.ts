import { type TSchema, Type } from "@sinclair/typebox";
import { AlertRuleInput } from "./rule.js";

/** Schemas of the alerts API's answers (the rule body and the history query live beside their code). */

const orNull = (s: TSchema) => Type.Union([s, Type.Null()]);
const when = Type.String({ format: "date-time" });
const p = AlertRuleInput.properties;

export const AlertRuleReply = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: p.kind,
  metric: p.metric,
  operator: orNull(Type.Union([Type.Literal("above"), Type.Literal("below")])),
  threshold: orNull(Type.Number()),
  for_minutes: Type.Integer(),
  min_severity: Type.String(),
  breakdown: orNull(Type.Object({ field: Type.String(), top: Type.Integer() })),
  missing_data: Type.String(),
  cooldown_minutes: orNull(Type.Integer()),
  severity: Type.String(),
  webhooks: Type.Array(Type.String()),
  dashboard_url: orNull(Type.String()),
  enabled: Type.Boolean(),
  created_at: when,
  updated_at: when,
});
export const AlertRulesReply = Type.Object({ rules: Type.Array(AlertRuleReply) });

const Delivery = Type.Object({
  url: Type.String(),
  status: Type.Union([Type.Literal("delivered"), Type.Literal("failed")]),
  attempts: Type.Integer(),
  http_status: orNull(Type.Integer()),
  error: orNull(Type.String()),
});

export const AlertReply = Type.Object({
  id: Type.String(),
  rule_id: Type.String(),
  rule_name: Type.String(),
  kind: Type.String(),
  metric: Type.String(),
  series: orNull(Type.String()),
  severity: Type.String(),
  state: Type.Union([Type.Literal("firing"), Type.Literal("resolved")]),
  started_at: when,
  resolved_at: orNull(when),
  operator: orNull(Type.String()),
  threshold: orNull(Type.Number()),
  value: orNull(Type.Number()),
  resolved_value: orNull(Type.Number()),
  deliveries: Type.Object(
    { firing: Type.Optional(Type.Array(Delivery)), resolved: Type.Optional(Type.Array(Delivery)) },
    { description: "Each notification's outcome per webhook; absent while it is being sent" },
  ),
});

const Span = Type.Object({ from: when, to: when });

export const AlertPageReply = Type.Object({
  period: Span,
  total: Type.Integer(),
  firing: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  alerts: Type.Array(AlertReply),
});

export const DryRunReply = Type.Object({
  period: Span,
  fired: Type.Integer({ description: "Alerts that would have fired (and been sent) in the last 7 days" }),
  firings: Type.Array(Type.Object({ series: orNull(Type.String()), started_at: when, resolved_at: orNull(when) })),
  evaluations: Type.Integer(),
  missing: Type.Integer(),
});
