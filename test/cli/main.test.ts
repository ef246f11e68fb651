import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { AnalyticsService } from "../../src/service.js";
import { eventsPage } from "../../src/store/queries/events-page.js";
import { runCli as cli } from "../helpers/run-cli.js";
import { statsOf } from "../helpers/store-reads.js";
import { tempDir } from "../helpers/test-app.js";

describe("dte-analytics", () => {
  const dirs: Array<{ remove(): Promise<void> }> = [];
  after(async () => {
    for (const d of dirs) await d.remove();
  });

  test("demo fills the store with a day of traffic; the same seed in the same minute adds nothing", async () => {
    const d = await tempDir();
    dirs.push(d);
    const first = await cli(["demo", "--users", "20", "--seed", "7", "--data-dir", d.dir]);
    assert.equal(first.code, 0, first.stderr);
    const m = /Stored (\d+) events from 20 users in (\d+) sessions/.exec(first.stdout);
    assert.ok(m, first.stdout);
    const service = new AnalyticsService({ dataDirectory: d.dir });
    await service.start();
    const stats = await statsOf(service.store);
    assert.equal(stats.total_events, Number(m[1]));
    assert.ok(stats.newest_event !== null && Date.now() - stats.newest_event < 10 * 60_000);
    const types = new Set((await service.store.run(eventsPage({ limit: 1000 }))).map((e) => e.event_type));
    for (const t of ["user_action", "api_request", "cognitive_process", "system_metric"])
      assert.ok(types.has(t as never), t);
    await service.stop();
  });

  test("bad settings stop it with a message naming them, and exit code 2", async () => {
    const badPort = await cli(["serve", "--port", "seventy"]);
    assert.equal(badPort.code, 2);
    assert.match(badPort.stderr, /port must be integer/);
    const badEnv = await cli(["serve"], { ANALYTICS_RETENTION_DAYS: "0" });
    assert.equal(badEnv.code, 2);
    assert.match(badEnv.stderr, /retentionDays/);
    const badUsers = await cli(["demo", "--users", "-3"]);
    assert.equal(badUsers.code, 2);
    assert.match(badUsers.stderr, /--users must be a positive integer/);
  });
});
