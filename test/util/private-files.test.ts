import assert from "node:assert/strict";
import { chmod, mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { after, describe, test } from "node:test";
import { AnalyticsService } from "../../src/service.js";
import { makePrivateFiles, makePrivateTree } from "../../src/util/private-files.js";
import { tempDir } from "../helpers/test-app.js";

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

/** Every path below `dir` (itself included) with its permission bits, e.g. { ".": 0o700, "log": 0o700 }. */
async function modes(dir: string): Promise<Record<string, number>> {
  const out: Record<string, number> = { ".": await modeOf(dir) };
  for (const entry of await readdir(dir, { recursive: true })) {
    const path = join(dir, entry);
    out[relative(dir, path)] = await modeOf(path);
  }
  return out;
}

describe("private files", () => {
  const dirs: Array<{ remove(): Promise<void> }> = [];
  after(async () => {
    for (const d of dirs) await d.remove();
  });
  const fresh = async () => {
    const d = await tempDir();
    dirs.push(d);
    return d.dir;
  };

  test("a tree left readable by others is tightened: directories 0700, files 0600", async () => {
    const root = join(await fresh(), "data");
    await mkdir(join(root, "log"), { recursive: true, mode: 0o755 });
    await writeFile(join(root, "analytics.duckdb"), "x", { mode: 0o644 });
    await writeFile(join(root, "log", "segment-000000000001.ndjson"), "x", { mode: 0o666 });
    await chmod(root, 0o755);
    await makePrivateTree(root);
    assert.deepEqual(await modes(root), {
      ".": 0o700,
      "analytics.duckdb": 0o600,
      log: 0o700,
      "log/segment-000000000001.ndjson": 0o600,
    });
  });

  test("files that do not exist (a WAL not written yet) are skipped", async () => {
    const dir = await fresh();
    await writeFile(join(dir, "a"), "x", { mode: 0o644 });
    await makePrivateFiles([join(dir, "a"), join(dir, "a.wal")]);
    assert.equal(await modeOf(join(dir, "a")), 0o600);
  });

  test("the service makes its data directory 0700 and every file in it 0600, and tightens an old one at start", async () => {
    const dir = join(await fresh(), "analytics");
    const service = new AnalyticsService({ dataDirectory: dir });
    await service.start();
    await service.trackUserAction({ action: "x" });
    await service.stop();
    const made = await modes(dir);
    assert.deepEqual(Object.keys(made).sort(), [
      ".",
      "admin.key",
      "analytics.duckdb",
      "log",
      "log/segment-000000000001.ndjson",
      "node.id",
    ]);
    for (const [path, mode] of Object.entries(made)) {
      assert.equal(mode, path === "." || path === "log" ? 0o700 : 0o600, `${path} is ${mode.toString(8)}`);
    }

    // As an earlier version left it: everything readable by others.
    for (const path of Object.keys(made)) await chmod(join(dir, path), path === "." || path === "log" ? 0o755 : 0o644);
    const again = new AnalyticsService({ dataDirectory: dir });
    await again.start();
    await again.stop();
    assert.deepEqual(await modes(dir), made);
  });
});
