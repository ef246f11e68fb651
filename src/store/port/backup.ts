/** One table written to a backup: its file (relative to the backup directory) and how many rows it holds. */
export interface TableDump {
  table: string;
  file: string;
  rows: number;
}

/** What a snapshot holds: the tables, and the loader checkpoints read in the same snapshot. */
export interface Snapshot {
  tables: TableDump[];
  checkpoints: Array<{ node: string; segment: number; offset: number }>;
}

/**
 * Whole-table copies for backup and restore. The table names come from the engine's own migrations
 * (src/backup/tables.ts), never from a client.
 */
export interface TableCopier {
  /** The file format this engine writes (`parquet`, `jsonl`): a backup restores only into the same engine. */
  readonly dumpFormat: string;
  /** Writes every table into `dir` from one consistent view of the store (as far as the engine offers one). */
  snapshotTables(tables: readonly string[], dir: string): Promise<Snapshot>;
  /** Loads the dumps (files under `dir`) into this store's empty tables. */
  restoreTables(dumps: readonly TableDump[], dir: string): Promise<void>;
}
