import { loadConfig } from "../../src/config/config.js";
import { type RunningServer, startServer } from "../../src/server/start-server.js";
import { type ClickHouseServer, startClickHouse } from "./clickhouse-server.js";
import { tempDir } from "./test-app.js";

export interface Cluster {
  clickhouse: ClickHouseServer;
  /** The API nodes, each on its own data directory and port, all over one ClickHouse database. */
  nodes: RunningServer[];
  stop(): Promise<void>;
}

/** A private ClickHouse and `count` servers over its database `database`, all with admin key `adminKey`. */
export async function startCluster(database: string, adminKey: string, count = 2): Promise<Cluster> {
  const clickhouse = await startClickHouse();
  const storeUrl = clickhouse.storeUrl(database);
  const nodes: RunningServer[] = [];
  const dirs: Array<{ remove(): Promise<void> }> = [];
  for (let i = 0; i < count; i++) {
    const d = await tempDir();
    dirs.push(d);
    nodes.push(await startServer(loadConfig({ overrides: { port: 0, dataDirectory: d.dir, storeUrl, adminKey } })));
  }
  return {
    clickhouse,
    nodes,
    async stop() {
      for (const n of nodes) await n.stop();
      await clickhouse.remove();
      for (const d of dirs) await d.remove();
    },
  };
}
