// The build that ships (dist/, made by `npm run build`, which `npm test` and `npm install` run), run by
// plain Node: no tsx anywhere in these processes.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { once } from "node:events";
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { AnalyticsService } from "../../src/service.js";
import { eventsPage } from "../../src/store/queries/events-page.js";
import { BIN, builtCli, startCliServer } from "../helpers/cli-server.js";
import { tempDir } from "../helpers/test-app.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const KEY = "compiled-test-admin-key-0123456789";
/** Plain Node: nothing from the test runner's environment may bring a loader in. */
const PLAIN = { NODE_OPTIONS: "" };
const run = promisify(execFile);

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(".ts")).map((e) => join(e.parentPath, e.name));
}

/** Every source file has its JavaScript and declarations in dist/, built after the source last changed. */
async function staleOutputs(): Promise<string[]> {
  const stale: string[] = [];
  for (const src of await sourceFiles(join(ROOT, "src"))) {
    const base = join(ROOT, "dist", relative(join(ROOT, "src"), src)).replace(/\.ts$/, "");
    const changed = (await stat(src)).mtimeMs;
    for (const out of [`${base}.js`, `${base}.d.ts`]) {
      const built = await stat(out).catch(() => null);
      if (!built || built.mtimeMs < changed) stale.push(relative(ROOT, out));
    }
  }
  return stale;
}

describe("the compiled runtime", () => {
  const dirs: Array<{ remove(): Promise<void> }> = [];
  const newDir = async () => {
    const d = await tempDir();
    dirs.push(d);
    return d.dir;
  };
  before(async () => {
    const stale = await staleOutputs();
    assert.deepEqual(stale, [], "dist/ is missing or older than src/: run `npm run build`");
  });
  after(async () => {
    for (const d of dirs) await d.remove();
  });

  test("`dte-analytics serve` runs the build: healthy, and an acknowledged event is stored", async () => {
    const dataDir = await newDir();
    const server = await startCliServer(
      ["--data-dir", dataDir],
      { ...PLAIN, ANALYTICS_ADMIN_KEY: KEY },
      undefined,
      builtCli,
    );
    try {
      const auth = { authorization: `Bearer ${KEY}` };
      const health = await fetch(`${server.url}/api/analytics/health`, { headers: auth });
      assert.equal(health.status, 200);
      assert.equal(((await health.json()) as { overall_health: string }).overall_health, "healthy");
      const tracked = await fetch(`${server.url}/api/analytics/track/action`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ event_id: "compiled-1", action: "built-and-run" }),
      });
      assert.equal(tracked.status, 201);
      const exited = once(server.child, "exit");
      server.child.kill("SIGTERM");
      assert.deepEqual(await exited, [0, null]);
    } finally {
      await server.kill();
    }
    const service = new AnalyticsService({ dataDirectory: dataDir, adminKey: KEY });
    await service.start();
    try {
      const events = await service.store.run(eventsPage({ limit: 10 }));
      assert.deepEqual(
        events.map((e) => [e.event_id, e.event_type]),
        [["compiled-1", "user_action"]],
      );
    } finally {
      await service.stop();
    }
  });

  test("plain Node imports the package by its name, through `exports`, and runs the library", async () => {
    const dataDir = await newDir();
    const script = `
      const m = await import("deep-tree-echo-analytics");
      const service = new m.AnalyticsService({ dataDirectory: ${JSON.stringify(dataDir)} });
      await service.start();
      const health = await service.getServiceHealth();
      await service.stop();
      console.log(JSON.stringify({
        resolved: import.meta.resolve("deep-tree-echo-analytics"),
        exports: Object.keys(m).sort(),
        health: health.overall_health,
      }));`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "--eval", script], {
      cwd: ROOT,
      env: { ...process.env, ...PLAIN },
    });
    const out = JSON.parse(stdout) as { resolved: string; exports: string[]; health: string };
    assert.equal(out.resolved, pathToFileURL(join(ROOT, "dist", "index.js")).href);
    assert.deepEqual(out.exports, Object.keys(await import("../../src/index.js")).sort());
    assert.equal(out.health, "healthy");

    const manifest = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as {
      exports: { ".": { types: string; default: string } };
    };
    assert.deepEqual(manifest.exports["."], { types: "./dist/index.d.ts", default: "./dist/index.js" });
    await stat(join(ROOT, manifest.exports["."].types));
  });

  test("without a build, the command says to build and exits 1", async () => {
    const unbuilt = await newDir();
    await mkdir(join(unbuilt, "bin"));
    await copyFile(BIN, join(unbuilt, "bin", "dte-analytics.js"));
    await writeFile(join(unbuilt, "package.json"), JSON.stringify({ type: "module" }));
    const result = await run(process.execPath, [join(unbuilt, "bin", "dte-analytics.js"), "serve"], {
      env: { ...process.env, ...PLAIN },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (err: { code: number; stderr: string }) => err,
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /dte-analytics is not built: run `npm run build`/);
  });
});
