import { readdir } from "node:fs/promises";
import { AuditLog } from "../audit/audit-log.js";
import { ConfigError } from "../errors.js";
import { openStore } from "../store/open-store.js";
import { runOne } from "../store/port/query-runner.js";
import { storeStats } from "../store/queries/store-stats.js";
import { makePrivateDirectory } from "../util/private-files.js";
import { type BackupManifest, BackupVerificationError, verifyBackup } from "./manifest.js";
import { backupTables, schemaVersion } from "./tables.js";

const BACKED_UP: Record<string, string[]> = { duckdb: backupTables("duckdb"), clickhouse: backupTables("clickhouse") };

/**
 * Restores a backup into an empty data directory (and, for ClickHouse, an empty database): checks
 * every file's SHA-256 first, so a tampered or incomplete backup is refused before anything is
 * written. The restore is recorded in the restored audit trail (`backup.restore`, by `cli`).
 */
export async function restoreBackup(
  from: string,
  target: { dataDirectory: string; storeUrl: string },
): Promise<BackupManifest> {
  const manifest = await verifyBackup(from);
  // Table names reach SQL: only the engine's own tables, whatever the manifest says.
  const known = BACKED_UP[manifest.engine] ?? [];
  const unknown = manifest.tables.find((t) => !known.includes(t.table));
  if (unknown) throw new BackupVerificationError(`${from}: the manifest names an unknown table '${unknown.table}'`);
  const existing = await readdir(target.dataDirectory).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return [];
    throw err;
  });
  if (existing.length) {
    throw new ConfigError(
      `Restore needs an empty data directory; ${target.dataDirectory} holds ${existing.length} entries`,
    );
  }
  await makePrivateDirectory(target.dataDirectory);
  const store = await openStore(target.storeUrl, target.dataDirectory);
  try {
    if (store.engine !== manifest.engine) {
      throw new ConfigError(`The backup is of a ${manifest.engine} store; the target store is ${store.engine}`);
    }
    if (manifest.schema_version > schemaVersion(store.engine)) {
      throw new ConfigError(
        `The backup's schema (version ${manifest.schema_version}) is newer than this version's (${schemaVersion(store.engine)})`,
      );
    }
    await store.migrate();
    const stats = await runOne(store, storeStats());
    if ((stats?.total_events ?? 0) > 0) throw new ConfigError("Restore needs an empty store; the target holds events");
    await store.restoreTables(manifest.tables, from);
    await new AuditLog(store).record({
      actor: "cli",
      action: "backup.restore",
      target: manifest.name,
      outcome: "ok",
      details: { from, rows: Object.fromEntries(manifest.tables.map((t) => [t.table, t.rows])) },
    });
    return manifest;
  } finally {
    await store.close();
  }
}
