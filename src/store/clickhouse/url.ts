import { ConfigError } from "../../errors.js";

/** Parses `clickhouse://user:password@host:8123/database` (`clickhouses://` for HTTPS). */
export function parseClickHouseUrl(storeUrl: string): {
  url: string;
  username: string;
  password: string;
  database: string;
} {
  const u = new URL(storeUrl);
  const database = decodeURIComponent(u.pathname.replace(/^\//, "")) || "analytics";
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) {
    throw new ConfigError(`ClickHouse database name '${database}' must be letters, digits and _`);
  }
  const scheme = u.protocol === "clickhouses:" ? "https" : "http";
  return {
    url: `${scheme}://${u.hostname}:${u.port || (scheme === "https" ? "8443" : "8123")}`,
    username: decodeURIComponent(u.username) || "default",
    password: decodeURIComponent(u.password),
    database,
  };
}
