import { restoreBackup } from "../backup/restore.js";
import type { Config } from "../config/config.js";
import { AnalyticsService } from "../service.js";

/**
 * `dte-analytics backup`: starts the service on the data directory (which loads any backlog the
 * log holds), takes one backup and prints where it went. On the embedded DuckDB store the server on
 * this data directory must be stopped (DuckDB allows one process); use POST
 * /api/analytics/maintenance/backup while it runs. On ClickHouse it runs beside the servers.
 */
export async function backup(config: Config, print: (line: string) => void = console.log): Promise<void> {
  const service = new AnalyticsService(config, { loaded: true });
  await service.start();
  try {
    const made = await service.backup({ actor: "cli" });
    print(`Backup ${made.name} written to ${made.path}`);
    for (const t of made.tables) print(`  ${t.table}: ${t.rows} rows (${t.file}, sha256 ${t.sha256})`);
  } finally {
    await service.stop();
  }
}

/** `dte-analytics restore --from <backup> --data-dir <empty dir>`: checks every checksum, then loads the tables. */
export async function restore(from: string, config: Config, print: (line: string) => void = console.log) {
  const manifest = await restoreBackup(from, config);
  print(`Restored ${manifest.name} (${manifest.created_at}) into ${config.storeUrl || config.dataDirectory}`);
  for (const t of manifest.tables) print(`  ${t.table}: ${t.rows} rows`);
}
