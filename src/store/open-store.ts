import { join, resolve } from "node:path";
import { ConfigError } from "../errors.js";
import { ClickHouseStore } from "./clickhouse/clickhouse-store.js";
import { DEFAULT_DEDUPE_WINDOW_MS, type DuckDbOptions, DuckDbStore } from "./duckdb/duckdb-store.js";
import type { Store } from "./port.js";

/**
 * Opens the store the settings name: no URL means the embedded DuckDB file under the data
 * directory; `duckdb:///path/file.duckdb` names another file; `clickhouse://user:password@host:8123/db`
 * a ClickHouse server shared by several nodes.
 */
export async function openStore(
  storeUrl: string,
  dataDirectory: string,
  duckdb: DuckDbOptions = { dedupeWindowMs: DEFAULT_DEDUPE_WINDOW_MS },
): Promise<Store> {
  if (!storeUrl) return DuckDbStore.open(join(resolve(dataDirectory), "analytics.duckdb"), duckdb);
  const url = new URL(storeUrl);
  if (url.protocol === "duckdb:") return DuckDbStore.open(decodeURIComponent(url.pathname), duckdb);
  if (url.protocol === "clickhouse:" || url.protocol === "clickhouses:") return ClickHouseStore.open(storeUrl);
  throw new ConfigError(`Unknown store URL scheme '${url.protocol}' (expected duckdb:, clickhouse: or clickhouses:)`);
}
