import { join, resolve } from "node:path";
import { ConfigError } from "../errors.js";
import type { Logger } from "../log/logger.js";
import { ClickHouseStore } from "./clickhouse/clickhouse-store.js";
import { DEFAULT_DEDUPE_WINDOW_MS, DuckDbStore } from "./duckdb/duckdb-store.js";
import type { Store } from "./port.js";
import { silentQueryLog } from "./query-log.js";

export interface StoreOptions {
  /** DuckDB only: see DuckDbOptions.dedupeWindowMs. */
  dedupeWindowMs?: number;
  /** DuckDB only: see DuckDbOptions.memoryLimitMb. */
  memoryLimitMb?: number;
  /** Where queries are logged (debug; warn when slower than `slowQueryMs`). Silent when not given. */
  logger?: Logger;
  slowQueryMs?: number;
}

/**
 * Opens the store the settings name: no URL means the embedded DuckDB file under the data
 * directory; `duckdb:///path/file.duckdb` names another file; `clickhouse://user:password@host:8123/db`
 * a ClickHouse server shared by several nodes.
 */
export async function openStore(storeUrl: string, dataDirectory: string, options: StoreOptions = {}): Promise<Store> {
  const fallback = silentQueryLog();
  const log = { logger: options.logger ?? fallback.logger, slowQueryMs: options.slowQueryMs ?? fallback.slowQueryMs };
  const duckdb = {
    dedupeWindowMs: options.dedupeWindowMs ?? DEFAULT_DEDUPE_WINDOW_MS,
    memoryLimitMb: options.memoryLimitMb ?? 0,
  };
  if (!storeUrl) return DuckDbStore.open(join(resolve(dataDirectory), "analytics.duckdb"), duckdb, log);
  const url = new URL(storeUrl);
  if (url.protocol === "duckdb:") return DuckDbStore.open(decodeURIComponent(url.pathname), duckdb, log);
  if (url.protocol === "clickhouse:" || url.protocol === "clickhouses:") return ClickHouseStore.open(storeUrl, log);
  throw new ConfigError(`Unknown store URL scheme '${url.protocol}' (expected duckdb:, clickhouse: or clickhouses:)`);
}
