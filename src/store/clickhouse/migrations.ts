import { type ColumnKind, HOT_COLUMNS } from "../../model/event.js";

const SQL_TYPE: Record<ColumnKind, string> = {
  text: "Nullable(String)",
  double: "Nullable(Float64)",
  integer: "Nullable(Int64)",
  boolean: "Nullable(UInt8)",
};

/**
 * Versioned schema, written for ClickHouse 18.16 as well as current releases: no LowCardinality,
 * no DateTime64, times as Int64 epoch milliseconds.
 *
 * - `events` is partitioned by month and sorted by (event_type, ts, event_id): time-range scans,
 *   with or without a type, read only the granules they need. Each row records which node's loader
 *   wrote it and up to where in that node's log (`load_node`, `load_segment`, `load_offset`): one
 *   INSERT is atomic, so the loader's checkpoint is exact even if it dies right after an insert.
 * - `event_ids`, sorted by event_id and fed by a materialised view, answers "is this id stored, and
 *   by which nodes?" from the primary index: a client's retry is not stored again, and when two
 *   nodes load the same id at the same moment, the later of them sees both copies and removes one.
 * - Keys and leases are small tables; a key's revocation is a newer row version. Columns added later
 *   (a key's expiry and origins) come last, so every write names its columns.
 */
/**
 * A column added to an existing table. ClickHouse 18.16 has no `ADD COLUMN IF NOT EXISTS`, so the
 * runner looks in system.columns first: a half-done migration reruns safely, like the IF NOT EXISTS DDL.
 */
export interface AddColumn {
  table: string;
  column: string;
  type: string;
}

export const MIGRATIONS: ReadonlyArray<{ version: number; statements: Array<string | AddColumn> }> = [
  {
    version: 1,
    statements: [
      `CREATE TABLE IF NOT EXISTS events (
        event_id String,
        event_type String,
        ts Int64,
        received_at Int64,
        user_id Nullable(String),
        session_id Nullable(String),
        ${HOT_COLUMNS.map((c) => `${c.name} ${SQL_TYPE[c.kind]}`).join(",\n        ")},
        data String,
        load_node String,
        load_segment UInt32,
        load_offset UInt64
      ) ENGINE = MergeTree
      PARTITION BY toYYYYMM(toDateTime(intDiv(ts, 1000)))
      ORDER BY (event_type, ts, event_id)`,
      `CREATE TABLE IF NOT EXISTS event_ids (event_id String, ts Int64, load_node String)
      ENGINE = MergeTree ORDER BY event_id`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS event_ids_feed TO event_ids AS SELECT event_id, ts, load_node FROM events`,
      `CREATE TABLE IF NOT EXISTS loader_checkpoints (node String, segment UInt32, offset UInt64, updated_at Int64)
      ENGINE = ReplacingMergeTree(updated_at) ORDER BY node`,
      `CREATE TABLE IF NOT EXISTS api_keys (
        id String,
        name String,
        scopes String,
        key_hash String,
        created_at Int64,
        revoked_at Nullable(Int64),
        version UInt64
      ) ENGINE = ReplacingMergeTree(version) ORDER BY id`,
      `CREATE TABLE IF NOT EXISTS leases (name String, holder String, claimed_at Int64, expires_at Int64)
      ENGINE = MergeTree ORDER BY (name, claimed_at, holder)`,
    ],
  },
  {
    // The price table of AI models; a deletion is a newer row version marked deleted (read with FINAL).
    version: 10,
    statements: [
      `CREATE TABLE IF NOT EXISTS prices (
        id String,
        model String,
        input_per_1k Float64,
        output_per_1k Float64,
        currency String,
        effective_from Int64,
        created_at Int64,
        deleted UInt8,
        version UInt64
      ) ENGINE = ReplacingMergeTree(version) ORDER BY id`,
    ],
  },
  {
    // Keys for every use (issue 18): an optional expiry and the browser origins a key may be used from.
    version: 20,
    statements: [
      { table: "api_keys", column: "expires_at", type: "Nullable(Int64)" },
      { table: "api_keys", column: "allowed_origins", type: "String DEFAULT ''" },
    ],
  },
  {
    // The audit trail: append only, never touched by retention (see docs/operations.md).
    version: 30,
    statements: [
      `CREATE TABLE IF NOT EXISTS audit_log (
        id String,
        ts Int64,
        actor String,
        action String,
        target Nullable(String),
        ip Nullable(String),
        outcome String,
        details String
      ) ENGINE = MergeTree ORDER BY (ts, id)`,
    ],
  },
  {
    // Alert rules and the firing/resolved history of their alerts (src/alerts/): mutable rows, each
    // change a newer version (a deleted rule a version marked deleted), read with FINAL.
    version: 50,
    statements: [
      `CREATE TABLE IF NOT EXISTS alert_rules (
        id String,
        definition String,
        created_at Int64,
        updated_at Int64,
        deleted UInt8,
        version UInt64
      ) ENGINE = ReplacingMergeTree(version) ORDER BY id`,
      `CREATE TABLE IF NOT EXISTS alerts (
        id String,
        rule_id String,
        series_key String,
        state String,
        started_at Int64,
        resolved_at Nullable(Int64),
        details String,
        updated_at Int64,
        version UInt64
      ) ENGINE = ReplacingMergeTree(version) ORDER BY id`,
    ],
  },
  {
    // Custom dashboards (src/dashboards/): each change a newer version, a deleted one a version
    // marked deleted (a tombstone), read with FINAL.
    version: 60,
    statements: [
      `CREATE TABLE IF NOT EXISTS dashboards (
        id String,
        definition String,
        created_at Int64,
        updated_at Int64,
        deleted UInt8,
        version UInt64
      ) ENGINE = ReplacingMergeTree(version) ORDER BY id`,
    ],
  },
  {
    // Report schedules and their delivery log (src/schedules/): mutable rows, each change a newer
    // version (a deleted schedule a version marked deleted), read with FINAL.
    version: 70,
    statements: [
      `CREATE TABLE IF NOT EXISTS report_schedules (
        id String,
        definition String,
        created_at Int64,
        deleted UInt8,
        version UInt64
      ) ENGINE = ReplacingMergeTree(version) ORDER BY id`,
      `CREATE TABLE IF NOT EXISTS report_runs (
        id String,
        schedule_id String,
        due_at Int64,
        claimed_by String,
        status String,
        started_at Int64,
        updated_at Int64,
        details String,
        version UInt64
      ) ENGINE = ReplacingMergeTree(version) ORDER BY id`,
    ],
  },
];
