import { type ColumnKind, HOT_COLUMNS } from "../../model/event.js";

export const SQL_TYPE: Record<ColumnKind, string> = {
  text: "VARCHAR",
  double: "DOUBLE",
  integer: "BIGINT",
  boolean: "BOOLEAN",
};

/**
 * Versioned schema migrations, applied in order, each once (recorded in schema_migrations).
 * Events are appended roughly in time order, so DuckDB's per-row-group min/max (zonemaps) on `ts`
 * let time-range scans skip most of the table. No index on `event_id`: see DuckDbOptions.dedupeWindowMs.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; statements: string[] }> = [
  {
    version: 1,
    statements: [
      `CREATE TABLE events (
        event_id VARCHAR NOT NULL,
        event_type VARCHAR NOT NULL,
        ts BIGINT NOT NULL,
        received_at BIGINT NOT NULL,
        user_id VARCHAR,
        session_id VARCHAR,
        ${HOT_COLUMNS.map((c) => `${c.name} ${SQL_TYPE[c.kind]}`).join(",\n        ")},
        data VARCHAR NOT NULL
      )`,
      `CREATE TABLE loader_checkpoints (
        node VARCHAR PRIMARY KEY,
        segment BIGINT NOT NULL,
        "offset" BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
      `CREATE TABLE api_keys (
        id VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL,
        scopes VARCHAR NOT NULL,
        key_hash VARCHAR NOT NULL UNIQUE,
        created_at BIGINT NOT NULL,
        revoked_at BIGINT
      )`,
    ],
  },
  {
    version: 2,
    statements: [
      `CREATE TABLE leases (
        name VARCHAR PRIMARY KEY,
        holder VARCHAR NOT NULL,
        expires_at BIGINT NOT NULL
      )`,
    ],
  },
  {
    // The price table of AI models (src/store/port/prices.ts).
    version: 10,
    statements: [
      `CREATE TABLE prices (
        id VARCHAR PRIMARY KEY,
        model VARCHAR NOT NULL,
        input_per_1k DOUBLE NOT NULL,
        output_per_1k DOUBLE NOT NULL,
        currency VARCHAR NOT NULL,
        effective_from BIGINT NOT NULL,
        created_at BIGINT NOT NULL
      )`,
    ],
  },
  {
    // Keys for every use (issue 18): an optional expiry and the browser origins a key may be used from
    // (comma-joined; DuckDB cannot add a NOT NULL column, so a missing list reads as empty).
    version: 20,
    statements: [
      "ALTER TABLE api_keys ADD COLUMN expires_at BIGINT",
      "ALTER TABLE api_keys ADD COLUMN allowed_origins VARCHAR DEFAULT ''",
    ],
  },
  {
    // The audit trail: append only, never touched by retention (see docs/operations.md).
    version: 30,
    statements: [
      `CREATE TABLE audit_log (
        id VARCHAR NOT NULL,
        ts BIGINT NOT NULL,
        actor VARCHAR NOT NULL,
        action VARCHAR NOT NULL,
        target VARCHAR,
        ip VARCHAR,
        outcome VARCHAR NOT NULL,
        details VARCHAR NOT NULL
      )`,
    ],
  },
  {
    // Alert rules and the firing/resolved history of their alerts (src/alerts/).
    version: 50,
    statements: [
      `CREATE TABLE alert_rules (
        id VARCHAR PRIMARY KEY,
        definition VARCHAR NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
      `CREATE TABLE alerts (
        id VARCHAR PRIMARY KEY,
        rule_id VARCHAR NOT NULL,
        series_key VARCHAR NOT NULL,
        state VARCHAR NOT NULL,
        started_at BIGINT NOT NULL,
        resolved_at BIGINT,
        details VARCHAR NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
    ],
  },
  {
    // Custom dashboards (src/dashboards/): each definition as JSON, read whole.
    version: 60,
    statements: [
      `CREATE TABLE dashboards (
        id VARCHAR PRIMARY KEY,
        definition VARCHAR NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
    ],
  },
  {
    // Report schedules and their delivery log, one row per schedule and occurrence (src/schedules/).
    version: 70,
    statements: [
      `CREATE TABLE report_schedules (
        id VARCHAR PRIMARY KEY,
        definition VARCHAR NOT NULL,
        created_at BIGINT NOT NULL
      )`,
      `CREATE TABLE report_runs (
        id VARCHAR PRIMARY KEY,
        schedule_id VARCHAR NOT NULL,
        due_at BIGINT NOT NULL,
        claimed_by VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        started_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        details VARCHAR NOT NULL
      )`,
    ],
  },
];
