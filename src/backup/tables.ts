import { MIGRATIONS as CLICKHOUSE_MIGRATIONS } from "../store/clickhouse/migrations.js";
import { MIGRATIONS as DUCKDB_MIGRATIONS } from "../store/duckdb/migrations.js";

/** Both engines' migrations; a step that is not SQL text (a ClickHouse column added) creates no table. */
type Migrations = ReadonlyArray<{ version: number; statements: ReadonlyArray<string | object> }>;

const BY_ENGINE: Record<string, Migrations> = { duckdb: DUCKDB_MIGRATIONS, clickhouse: CLICKHOUSE_MIGRATIONS };

/**
 * Tables a backup leaves out: leases are a running cluster's claims on jobs; ClickHouse's event_ids
 * is filled from events by its materialised view, so restoring events refills it.
 */
const NOT_BACKED_UP = new Set(["leases", "event_ids"]);

const CREATE_TABLE = /^\s*CREATE TABLE (?:IF NOT EXISTS )?([A-Za-z_][A-Za-z0-9_]*)/;

function migrationsOf(engine: string): Migrations {
  const m = BY_ENGINE[engine];
  if (!m) throw new Error(`No migrations known for store engine '${engine}'`);
  return m;
}

/** Every table the engine's migrations create, in creation order, minus the few above: later tables are included by themselves. */
export function backupTables(engine: string): string[] {
  return migrationsOf(engine)
    .flatMap((m) => m.statements.map((s) => (typeof s === "string" ? CREATE_TABLE.exec(s)?.[1] : undefined)))
    .filter((t): t is string => t !== undefined && !NOT_BACKED_UP.has(t));
}

/** The newest migration version the engine knows: a backup records it, a restore refuses a newer one. */
export function schemaVersion(engine: string): number {
  return Math.max(...migrationsOf(engine).map((m) => m.version));
}
