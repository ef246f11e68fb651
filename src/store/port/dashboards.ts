/**
 * A custom dashboard as stored: its definition as JSON (validated by src/dashboards/ before it
 * gets here), so the table need not change when a widget gains a field. Few rows: read whole.
 */
export interface DashboardRecord {
  id: string;
  definition: string;
  created_at: number;
  updated_at: number;
}

/** The custom dashboards, on every node alike: kept in the store. */
export interface DashboardStore {
  /** Inserts the dashboard, or replaces the one with its id. */
  saveDashboard(dashboard: DashboardRecord): Promise<void>;
  /** Every dashboard, by created_at then id. */
  listDashboards(): Promise<DashboardRecord[]>;
  /** Removes a dashboard; false when there is no such dashboard. */
  deleteDashboard(id: string): Promise<boolean>;
}
