import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, open, rm } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/server/app.js";
import { AnalyticsService } from "../../src/service.js";
import { ADMIN_KEY, tempDir } from "../helpers/test-app.js";

const run = promisify(execFile);
const API = "/api/analytics";

/** A real full disk: a 1 MiB tmpfs for the data directory. Mounting needs root; elsewhere the test says why it is skipped. */
async function mountTmpfs(dir: string): Promise<string | null> {
  if (process.getuid?.() !== 0) return "needs root to mount a tmpfs";
  return run("mount", ["-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", dir]).then(
    () => null,
    (err: Error) => `cannot mount a tmpfs: ${err.message}`,
  );
}

/** Writes zeros into `file` until the file system refuses: the disk is full. */
async function fill(file: string): Promise<void> {
  const fh = await open(file, "w");
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) await fh.write(chunk);
  } catch (err) {
    assert.equal((err as NodeJS.ErrnoException).code, "ENOSPC");
  } finally {
    await fh.close();
  }
}

describe("a full disk under the durable log", () => {
  let root: { dir: string; remove(): Promise<void> };
  let data: string;
  let skip: string | null = null;
  let running: { service: AnalyticsService; app: FastifyInstance } | null = null;

  before(async () => {
    root = await tempDir();
    data = join(root.dir, "data");
    await mkdir(data);
    skip = await mountTmpfs(data);
  });
  after(async () => {
    if (running) await stop();
    if (!skip) await run("umount", [data]);
    await root.remove();
  });

  const start = async () => {
    const service = new AnalyticsService({
      dataDirectory: data,
      storeUrl: `duckdb://${join(root.dir, "store", "analytics.duckdb")}`,
      adminKey: ADMIN_KEY,
    });
    await service.start();
    running = { service, app: await buildApp(service) };
  };
  const stop = async () => {
    await running?.app.close();
    await running?.service.stop();
    running = null;
  };
  const call = (method: "GET" | "POST", url: string, payload?: object) =>
    (running as { app: FastifyInstance }).app.inject({
      method,
      url: `${API}${url}`,
      payload,
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });

  test("after a restart on a still-full disk it is unhealthy before any write, and healthy again once space is freed", async (t) => {
    if (skip) {
      t.skip(skip);
      return;
    }
    await start();
    assert.equal((await call("POST", "/track/action", { action: "before" })).statusCode, 201);
    await fill(join(data, "filler"));
    // The log's last page may still hold a few events: write until the disk refuses.
    let refused = await call("POST", "/track/action", { action: "full" });
    for (let i = 0; refused.statusCode === 201 && i < 100; i++) {
      refused = await call("POST", "/track/action", { action: "full" });
    }
    assert.equal(refused.statusCode, 503);
    assert.match(refused.json().error, /^The durable log is not writable: ENOSPC/);
    await stop();

    await start();
    for (const path of ["/health", "/health/ready"]) {
      const res = await call("GET", path);
      assert.equal(res.statusCode, 503, path);
      assert.equal(res.json().overall_health, "unhealthy", path);
    }
    const details = (await call("GET", "/health/details")).json();
    assert.equal(details.components.durable_log.status, "failing");
    assert.match(details.components.durable_log.error, /^ENOSPC/);
    assert.equal((await call("POST", "/track/action", { action: "still full" })).statusCode, 503);

    await rm(join(data, "filler"));
    // Readiness is re-checked at most once a second: it turns without any write arriving.
    while ((await call("GET", "/health/ready")).statusCode !== 200) await sleep(100);
    assert.equal((await call("GET", "/health")).json().overall_health, "healthy");
    assert.equal((await call("POST", "/track/action", { action: "after" })).statusCode, 201);
    await stop();
  });
});
