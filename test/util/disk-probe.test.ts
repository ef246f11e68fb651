import assert from "node:assert/strict";
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { probeWritable } from "../../src/util/disk-probe.js";
import { tempDir } from "../helpers/test-app.js";

describe("probeWritable", () => {
  let d: { dir: string; remove(): Promise<void> };
  before(async () => {
    d = await tempDir();
  });
  after(() => d.remove());

  test("resolves on a writable directory and leaves nothing behind", async () => {
    await probeWritable(d.dir);
    await probeWritable(d.dir);
    assert.deepEqual(await readdir(d.dir), []);
  });

  test("rejects with the file system's error where it cannot write", async () => {
    await assert.rejects(probeWritable(join(d.dir, "missing")), { code: "ENOENT" });
    await writeFile(join(d.dir, "a-file"), "");
    await assert.rejects(probeWritable(join(d.dir, "a-file")), { code: "ENOTDIR" });
    assert.deepEqual(await readdir(d.dir), ["a-file"]);
  });
});
