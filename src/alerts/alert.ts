import type { AlertRecord } from "../store/port/alert-history.js";
import type { DeliveryOutcome } from "./delivery.js";
import type { AlertRule } from "./rule.js";

/** What an alert row's `details` JSON holds. */
export interface AlertDetails {
  rule_name: string;
  kind: AlertRule["kind"];
  metric: string;
  severity: AlertRule["severity"];
  operator: AlertRule["operator"];
  threshold: number | null;
  /** The value that fired it, and the value when it resolved. */
  value: number | null;
  resolved_value: number | null;
  dashboard_url: string | null;
  /** Each notification's outcome per webhook; absent while it is being sent, empty without webhooks. */
  deliveries: { firing?: DeliveryOutcome[]; resolved?: DeliveryOutcome[] };
}

export interface AlertView {
  id: string;
  rule_id: string;
  rule_name: string;
  kind: AlertRule["kind"];
  metric: string;
  /** `field=value` for a breakdown's series, null for the whole metric. */
  series: string | null;
  severity: AlertRule["severity"];
  state: "firing" | "resolved";
  started_at: string;
  resolved_at: string | null;
  operator: AlertRule["operator"];
  threshold: number | null;
  value: number | null;
  resolved_value: number | null;
  deliveries: AlertDetails["deliveries"];
}

export function detailsOf(a: AlertRecord): AlertDetails {
  return JSON.parse(a.details) as AlertDetails;
}

export function alertView(a: AlertRecord): AlertView {
  const d = detailsOf(a);
  return {
    id: a.id,
    rule_id: a.rule_id,
    rule_name: d.rule_name,
    kind: d.kind,
    metric: d.metric,
    series: a.series_key === "" ? null : a.series_key,
    severity: d.severity,
    state: a.state,
    started_at: new Date(a.started_at).toISOString(),
    resolved_at: a.resolved_at === null ? null : new Date(a.resolved_at).toISOString(),
    operator: d.operator,
    threshold: d.threshold,
    value: d.value,
    resolved_value: d.resolved_value,
    deliveries: d.deliveries,
  };
}

/** The webhook body: a Slack-compatible `text`, and the same facts as fields. */
export function notification(a: AlertRecord) {
  const v = alertView(a);
  const d = detailsOf(a);
  const series = v.series ? ` [${v.series}]` : "";
  const condition = v.kind === "threshold" ? `${v.operator} ${v.threshold}` : "an anomaly against its own history";
  const value = a.state === "firing" ? v.value : v.resolved_value;
  const text =
    a.state === "firing"
      ? `[FIRING] ${v.rule_name}: ${v.metric}${series} is ${value ?? "without data"} (${condition})`
      : `[RESOLVED] ${v.rule_name}: ${v.metric}${series} is back (${value ?? "without data"}), firing since ${v.started_at}`;
  return {
    text: d.dashboard_url ? `${text} ${d.dashboard_url}` : text,
    alert_id: v.id,
    rule: { id: v.rule_id, name: v.rule_name, kind: v.kind },
    metric: v.metric,
    series: v.series,
    severity: v.severity,
    state: v.state,
    value,
    operator: v.operator,
    threshold: v.threshold,
    started_at: v.started_at,
    resolved_at: v.resolved_at,
    url: d.dashboard_url,
  };
}
