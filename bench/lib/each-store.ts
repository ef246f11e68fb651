import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clickHouseBinary, startClickHouse } from "../../test/helpers/clickhouse-server.js";

/**
 * Runs `measure` on a fresh store of each size and engine, smallest size first, both engines at a
 * size before the next: DuckDB in a temporary directory, ClickHouse on one private server started
 * here (a database per size). `after` sees the columns so far after each, so an interrupted run
 * keeps what it measured.
 */
export async function eachStore<C>(o: {
  sizes: readonly number[];
  engines: readonly string[];
  name: string;
  measure: (engine: "DuckDB" | "ClickHouse", size: number, storeUrl: string, dir: string) => Promise<C>;
  after: (columns: C[]) => Promise<void>;
}): Promise<C[]> {
  const columns: C[] = [];
  let clickhouse: Awaited<ReturnType<typeof startClickHouse>> | null = null;
  try {
    for (const size of o.sizes) {
      for (const engine of o.engines) {
        const dir = await mkdtemp(join(tmpdir(), `dte-bench-${o.name}-`));
        try {
          let url = "";
          if (engine === "clickhouse") {
            if (!clickHouseBinary())
              throw new Error("clickhouse-server is not installed: run scripts/install-test-deps.sh");
            clickhouse ??= await startClickHouse();
            url = clickhouse.storeUrl(`${o.name}_${size}`);
          }
          columns.push(await o.measure(engine === "clickhouse" ? "ClickHouse" : "DuckDB", size, url, dir));
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
        await o.after(columns);
      }
    }
    return columns;
  } finally {
    await clickhouse?.remove();
  }
}
