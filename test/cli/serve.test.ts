import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { type CliServer, sourceCli, startCliServer } from "../helpers/cli-server.js";
import { tempDir } from "../helpers/test-app.js";

const KEY = "cli-serve-admin-key-0123456789";
const API = "/api/analytics";

describe("dte-analytics serve", () => {
  const cleanup: Array<() => Promise<void>> = [];
  after(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  test("its help names both stores", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, sourceCli(["serve", "--help"]));
    assert.match(stdout, /Run the HTTP API on the embedded DuckDB store, or on ClickHouse with --store/);
    assert.match(stdout.replace(/\s+/g, " "), /--store <value> store URL: clickhouse:\/\/user:password@host:8123\/db/);
  });

  test("logs JSON lines to standard error without secrets; every file it makes is its user's alone", async () => {
    const d = await tempDir();
    cleanup.push(d.remove);
    const server: CliServer = await startCliServer(["--data-dir", d.dir], { ANALYTICS_ADMIN_KEY: KEY });
    cleanup.push(() => server.kill());
    const auth = { authorization: `Bearer ${KEY}`, "content-type": "application/json" };
    const posted = await fetch(`${server.url}${API}/track/action`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ action: "cli" }),
    });
    assert.equal(posted.status, 201);
    // Reading the events waits until they are in the store, so DuckDB has written its WAL by then.
    const read = await fetch(`${server.url}${API}/events?limit=1`, { headers: auth });
    assert.equal(((await read.json()) as { events: unknown[] }).events.length, 1);

    const files = await readdir(d.dir, { recursive: true });
    assert.ok(files.includes("analytics.duckdb.wal"), `the WAL is there while serving: ${files.join(", ")}`);
    for (const f of [".", ...files]) {
      const s = await stat(join(d.dir, f));
      assert.equal(s.mode & 0o777, s.isDirectory() ? 0o700 : 0o600, `${f} is ${(s.mode & 0o777).toString(8)}`);
    }

    const requestLines = () =>
      server
        .stderr()
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { msg: string; status?: number; req?: { method: string; url: string } })
        .filter((l) => l.msg === "request");
    // A request's line is written once its answer has gone out, so it may trail the answer a little.
    for (let i = 0; i < 100 && requestLines().length < 2; i++) await sleep(50);
    const requests = requestLines().map((l) => [l.req?.method, l.req?.url, l.status]);
    assert.deepEqual(requests, [
      ["POST", `${API}/track/action`, 201],
      ["GET", `${API}/events?limit=1`, 200],
    ]);
    assert.ok(!server.stderr().includes(KEY), "the key is in no log line");
    // The banner links the web dashboard with the admin key in the fragment, which browsers never send.
    assert.ok(server.stdout().includes(`  Web:  ${server.url}/dashboard#key=${KEY}\n`), server.stdout());
  });
});
