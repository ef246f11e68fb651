import type { AlertHistoryStore } from "./port/alert-history.js";
import type { AlertRuleStore } from "./port/alert-rules.js";
import type { AuditSink } from "./port/audit.js";
import type { TableCopier } from "./port/backup.js";
import type { DashboardStore } from "./port/dashboards.js";
import type { EventSink } from "./port/event-sink.js";
import type { KeyStore } from "./port/keys.js";
import type { Leases } from "./port/leases.js";
import type { PriceStore } from "./port/prices.js";
import type { QueryRunner } from "./port/query-runner.js";
import type { ReportScheduleStore } from "./port/report-schedules.js";

export type { AlertHistoryStore, AlertRecord } from "./port/alert-history.js";
export type { AlertRuleRecord, AlertRuleStore } from "./port/alert-rules.js";
export type { AuditRow, AuditSink } from "./port/audit.js";
export type { Snapshot, TableCopier, TableDump } from "./port/backup.js";
export type { DashboardRecord, DashboardStore } from "./port/dashboards.js";
export type { EventSink } from "./port/event-sink.js";
export type { ApiKeyRecord, KeyStore, Scope } from "./port/keys.js";
export type { Leases } from "./port/leases.js";
export type { PriceRecord, PriceStore } from "./port/prices.js";
export type { QueryRunner } from "./port/query-runner.js";
export type {
  ReportRunRecord,
  ReportRunsQuery,
  ReportScheduleRecord,
  ReportScheduleStore,
} from "./port/report-schedules.js";
export type { Cursor } from "./queries/parts/cursor.js";

/**
 * The store port, split by concern: the loader's event sink, API keys, leases, the audit trail,
 * whole-table copies for backups, and the query
 * runner through which every read goes (each a named query in src/store/queries/). Each engine's
 * adapter (DuckDB embedded, ClickHouse) implements all of it.
 */
export interface Store
  extends EventSink,
    KeyStore,
    Leases,
    PriceStore,
    AlertRuleStore,
    AlertHistoryStore,
    ReportScheduleStore,
    DashboardStore,
    QueryRunner,
    AuditSink,
    TableCopier {
  readonly engine: string;
  /** Creates or upgrades the schema; safe to call on every start. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}
