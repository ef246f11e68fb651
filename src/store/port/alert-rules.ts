/**
 * An alert rule as stored: its definition as JSON (validated by src/alerts/rule.ts before it gets
 * here), so the table need not change when a rule gains a field. Few rows: read whole.
 */
export interface AlertRuleRecord {
  id: string;
  definition: string;
  created_at: number;
  updated_at: number;
}

/** The alert rules, on every node alike: kept in the store. */
export interface AlertRuleStore {
  /** Inserts the rule, or replaces the one with its id. */
  saveAlertRule(rule: AlertRuleRecord): Promise<void>;
  /** Every rule, by created_at then id. */
  listAlertRules(): Promise<AlertRuleRecord[]>;
  /** Removes a rule; false when there is no such rule. */
  deleteAlertRule(id: string): Promise<boolean>;
}
