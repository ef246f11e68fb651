import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { buildApp } from "../../src/server/app.js";
import { AnalyticsService, type ServiceConfig } from "../../src/service.js";

export const ADMIN_KEY = "test-admin-key-0123456789";

export interface TestApp {
  service: AnalyticsService;
  app: FastifyInstance;
  dir: string;
  /** A request with the admin key unless `key` says otherwise (null: no Authorization header). */
  call(opts: InjectOptions & { key?: string | null }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** A started service on its own temporary data directory, with its Fastify app (no port). */
export async function testApp(config: ServiceConfig = {}): Promise<TestApp> {
  const dir = await mkdtemp(join(tmpdir(), "dte-test-"));
  const service = new AnalyticsService({ dataDirectory: dir, adminKey: ADMIN_KEY, ...config });
  await service.start();
  const app = await buildApp(service);
  return {
    service,
    app,
    dir,
    call({ key = ADMIN_KEY, headers, ...opts }) {
      return app.inject({
        ...opts,
        headers: { ...(key === null ? {} : { authorization: `Bearer ${key}` }), ...headers },
      });
    },
    async close() {
      await app.close();
      await service.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A temporary data directory removed by the returned function. */
export async function tempDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "dte-test-"));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
