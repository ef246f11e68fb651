import { after, before } from "node:test";
import { exportContract } from "../exports/contract.js";
import { exportStreamContract } from "../exports/stream-contract.js";
import { type ClickHouseServer, startClickHouse, uniqueDatabase } from "../helpers/clickhouse-server.js";
import { testApp } from "../helpers/test-app.js";

// The export contracts on ClickHouse: the same tests as on DuckDB (test/server/exports*.test.ts).
let server: ClickHouseServer;
before(async () => {
  server = await startClickHouse();
});
after(() => server?.remove());

const onClickHouse = () => testApp({ retentionDays: 3650, storeUrl: server.storeUrl(uniqueDatabase()) });
exportContract("clickhouse", onClickHouse);
exportStreamContract("clickhouse", onClickHouse);
