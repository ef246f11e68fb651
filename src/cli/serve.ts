import { join, resolve } from "node:path";
import type { Config } from "../config/config.js";
import { startServer } from "../server/start-server.js";

/** `dte-analytics serve`: runs until SIGINT/SIGTERM, then stores everything acknowledged and exits. */
export async function serve(config: Config): Promise<void> {
  const server = await startServer(config, { logger: false });
  const admin = server.service.adminKey;
  console.log(`Deep Tree Echo Analytics listening on ${server.url}`);
  console.log(`  API:  ${server.url}/api/analytics   (OpenAPI docs: ${server.url}/docs)`);
  console.log(`  Data: ${resolve(config.dataDirectory)} (${server.service.store.engine})`);
  if (admin?.generated) {
    console.log("");
    console.log(`  Admin API key (shown once; kept in ${join(resolve(config.dataDirectory), "admin.key")}):`);
    console.log(`    ${admin.key}`);
    console.log(`  Open ${server.url}/docs and authorize with it, or create scoped keys: POST /api/analytics/keys`);
  } else if (!config.adminKey) {
    console.log(`  Admin API key: in ${join(resolve(config.dataDirectory), "admin.key")}`);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: storing everything acknowledged, then stopping`);
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}
