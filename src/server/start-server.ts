import type { FastifyInstance } from "fastify";
import type { Config } from "../config/config.js";
import type { Logger } from "../log/logger.js";
import { AnalyticsService } from "../service.js";
import { buildApp } from "./app.js";

export interface RunningServer {
  service: AnalyticsService;
  app: FastifyInstance;
  /** Base URL, e.g. http://127.0.0.1:5000 */
  url: string;
  /** Stops taking requests, stores everything acknowledged, closes the store. */
  stop(): Promise<void>;
}

/**
 * Starts the service and its HTTP API on the configured host and port (0 picks a free port), logging
 * to `options.logger` (silent without one).
 */
export async function startServer(config: Config, options: { logger?: Logger } = {}): Promise<RunningServer> {
  const service = new AnalyticsService(config, { loaded: true, logger: options.logger });
  await service.start();
  let app: FastifyInstance;
  try {
    app = await buildApp(service);
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await service.stop();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  return {
    service,
    app,
    url: `http://${host}:${port}`,
    async stop() {
      await app.close();
      await service.stop();
    },
  };
}
