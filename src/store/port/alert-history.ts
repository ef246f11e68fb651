/**
 * One alert: a rule's condition held for one series (the rule's metric, or one value of its
 * breakdown) from `started_at` until `resolved_at` (null while firing). `details` is JSON: the
 * values seen and each delivery's outcome, updated as webhooks answer.
 */
export interface AlertRecord {
  id: string;
  rule_id: string;
  series_key: string;
  state: "firing" | "resolved";
  started_at: number;
  resolved_at: number | null;
  details: string;
  updated_at: number;
}

/** The firing/resolved history of alerts, shared by every node. */
export interface AlertHistoryStore {
  /** Inserts the alert, or replaces the one with its id. */
  saveAlert(alert: AlertRecord): Promise<void>;
  /** Alerts that meet [from, to) (started before `to`, not resolved before `from`), by started_at then id. */
  listAlerts(span: { from: number; to: number }): Promise<AlertRecord[]>;
  /** The firing alerts, and those resolved at or after `resolvedSince` (the cool-down reads them). */
  currentAlerts(resolvedSince: number): Promise<AlertRecord[]>;
}
