import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Backups } from "../../src/backup/backups.js";
import { verifyBackup } from "../../src/backup/manifest.js";
import { AnalyticsService } from "../../src/service.js";
import { sourceCli } from "../helpers/cli-server.js";
import { tempDir } from "../helpers/test-app.js";

const EVENTS = 40_000;
const KILLS = 6;
const ADMIN_KEY = "crash-test-admin-key-000";

/**
 * SIGKILL `dte-analytics backup` at random moments while it writes (after its `.partial-`
 * directory appears): afterwards every backup is complete and verified, or absent — a partial
 * directory is never listed, and the next start removes it.
 */
describe("crash during backup", () => {
  let dir: { dir: string; remove(): Promise<void> };
  let data: string;
  let backupsDir: string;
  before(async () => {
    dir = await tempDir();
    data = join(dir.dir, "data");
    backupsDir = join(data, "backups");
    const service = new AnalyticsService({ dataDirectory: data, adminKey: ADMIN_KEY });
    await service.start();
    for (let i = 0; i < EVENTS; i += 2000) {
      const batch = Array.from({ length: 2000 }, (_, k) => ({
        eventType: "user_action",
        eventId: `e-${i + k}`,
        userId: `u-${(i + k) % 97}`,
        action: "click",
        details: { n: i + k },
      }));
      await service.trackBatch(batch as never);
    }
    await service.stop();
  });
  after(() => dir.remove());

  /** Runs the backup command; `killAfterMs` after its partial directory appears, SIGKILL. Resolves with how long it wrote. */
  async function runBackup(killAfterMs?: number): Promise<{ code: number | null; writingMs: number }> {
    const child = spawn(process.execPath, sourceCli(["backup", "--data-dir", data]), {
      env: { ...process.env, ANALYTICS_ADMIN_KEY: ADMIN_KEY },
      stdio: "ignore",
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    let done = false;
    void exited.then(() => {
      done = true;
    });
    let writingSince = 0;
    while (!done && !writingSince) {
      const names = await readdir(backupsDir).catch(() => [] as string[]);
      if (names.some((n) => n.startsWith(".partial-"))) writingSince = Date.now();
      else await sleep(2);
    }
    if (killAfterMs !== undefined && !done) {
      await sleep(killAfterMs);
      child.kill("SIGKILL");
    }
    const code = await exited;
    return { code, writingMs: writingSince ? Date.now() - writingSince : 0 };
  }

  async function checkEveryBackup(): Promise<number> {
    const listed = await new Backups(null as never, backupsDir).list();
    for (const b of listed) {
      const manifest = await verifyBackup(b.path);
      assert.equal(manifest.tables.find((t) => t.table === "events")?.rows, EVENTS, `${b.name} is incomplete`);
    }
    const names = await readdir(backupsDir);
    const complete = names.filter((n) => !n.startsWith("."));
    assert.deepEqual(
      complete.sort(),
      listed.map((b) => b.name).sort(),
      "a directory without a manifest is not a backup",
    );
    return listed.length;
  }

  test(`${KILLS} kills at random moments: each backup complete and verified, or absent and cleaned up later`, async (t) => {
    const first = await runBackup();
    assert.equal(first.code, 0);
    assert.equal(await checkEveryBackup(), 1);
    const moments: number[] = [];
    for (let i = 0; i < KILLS; i++) {
      // Up to half again the time a whole backup took: some kills land after the rename, leaving a complete one.
      const moment = Math.floor(Math.random() * Math.max(first.writingMs, 20) * 1.5);
      moments.push(moment);
      const run = await runBackup(moment);
      const partials = (await readdir(backupsDir)).filter((n) => n.startsWith(".partial-")).length;
      t.diagnostic(`kill ${i + 1} at ${moment} ms of ${first.writingMs}: exit ${run.code}, ${partials} partial left`);
      await checkEveryBackup();
    }
    const last = await runBackup();
    assert.equal(last.code, 0, `killed at ${moments.join(", ")} ms`);
    const names = await readdir(backupsDir);
    assert.deepEqual(
      names.filter((n) => n.startsWith(".partial-")),
      [],
      "the next start removed what the killed backups left",
    );
    assert.ok((await checkEveryBackup()) >= 2);
  });
});
