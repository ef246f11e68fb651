/**
 * Tables that keep definitions as JSON, one row per id (alert rules, custom dashboards): the
 * adapters store and read them alike, with alert-row.ts's columns and conversions.
 */
export type DefinitionTable = "alert_rules" | "dashboards";

export interface DefinitionRecord {
  id: string;
  definition: string;
  created_at: number;
  updated_at: number;
}
