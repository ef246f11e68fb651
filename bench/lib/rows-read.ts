import { readFile, rm } from "node:fs/promises";
import { createClient } from "@clickhouse/client";
import { DuckDBInstance } from "@duckdb/node-api";
import { clickHouseDialect } from "../../src/store/clickhouse/dialect.js";
import { parseClickHouseUrl } from "../../src/store/clickhouse/url.js";
import { duckDbDialect } from "../../src/store/duckdb/dialect.js";
import type { Query } from "../../src/store/query.js";

/**
 * How many table rows a query reads, as each engine counts them: proof that a time-bounded query
 * skips the rest of the table, independent of how busy the machine is.
 */
interface ProfileNode {
  operator_type?: string;
  operator_rows_scanned?: number;
  children?: ProfileNode[];
}

/** DuckDB's profiler: rows its table scans read (row groups skipped by their min/max are not read). The store must be closed. */
export async function duckDbRowsScanned(file: string, query: Query<unknown>): Promise<number> {
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  const profile = `${file}.profile.json`;
  try {
    await conn.run(`PRAGMA custom_profiling_settings='{"OPERATOR_ROWS_SCANNED": "true", "OPERATOR_TYPE": "true"}'`);
    await conn.run("PRAGMA enable_profiling='json'");
    await conn.run(`PRAGMA profiling_output='${profile}'`);
    const { text, params } = duckDbDialect.render(query.statement(duckDbDialect));
    await conn.run(text, params as never);
    await conn.run("PRAGMA disable_profiling");
    const sum = (n: ProfileNode): number =>
      (n.operator_type === "TABLE_SCAN" ? (n.operator_rows_scanned ?? 0) : 0) +
      (n.children ?? []).reduce((a, c) => a + sum(c), 0);
    return sum(JSON.parse(await readFile(profile, "utf8")) as ProfileNode);
  } finally {
    conn.closeSync();
    instance.closeSync();
    await rm(profile, { force: true });
  }
}

/** ClickHouse's own count, from the JSON format's statistics. */
export async function clickHouseRowsRead(storeUrl: string, query: Query<unknown>): Promise<number> {
  const { url, username, password, database } = parseClickHouseUrl(storeUrl);
  const client = createClient({ url, username, password, database });
  try {
    const result = await client.query({
      query: clickHouseDialect.render(query.statement(clickHouseDialect)).text,
      format: "JSON",
    });
    const body = (await result.json()) as unknown as { statistics: { rows_read: number | string } };
    return Number(body.statistics.rows_read);
  } finally {
    await client.close();
  }
}
