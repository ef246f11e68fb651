import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Config } from "../config/config.js";
import { StoreUnreachableError } from "../errors.js";
import { createLogger, type Logger } from "../log/logger.js";
import { type RunningServer, startServer } from "../server/start-server.js";

const STORE_RETRY_MS = 2000;

/** A node started while its store is down waits for it, rather than exiting (or starting without keys). */
async function startWhenStoreAnswers(config: Config, logger: Logger): Promise<RunningServer> {
  for (;;) {
    try {
      return await startServer(config, { logger });
    } catch (err) {
      if (!(err instanceof StoreUnreachableError)) throw err;
      logger.warn({ err }, `Waiting for the store; retrying every ${STORE_RETRY_MS / 1000} s`);
      await sleep(STORE_RETRY_MS);
    }
  }
}

/**
 * `dte-analytics serve`: runs until SIGINT/SIGTERM, then stores everything acknowledged and exits.
 * Log lines (JSON) go to standard error; the banner, with a generated admin key, to standard output.
 */
export async function serve(config: Config): Promise<void> {
  // Every file it makes is its user's alone, DuckDB's files included (they follow the umask).
  process.umask(0o077);
  const logger = createLogger(config.logLevel, process.stderr);
  const server = await startWhenStoreAnswers(config, logger);
  const admin = server.service.adminKey;
  console.log(`Deep Tree Echo Analytics listening on ${server.url}`);
  console.log(`  API:  ${server.url}/api/analytics   (OpenAPI docs: ${server.url}/docs)`);
  console.log(`  Data: ${resolve(config.dataDirectory)} (${server.service.store.engine})`);
  console.log(`  Web:  ${server.url}/dashboard${admin ? `#key=${admin.key}` : ""}`);
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
    logger.info({ signal }, "stopping: storing everything acknowledged first");
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.fatal({ err }, "stopping failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}
