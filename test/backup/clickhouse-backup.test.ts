import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { restoreBackup } from "../../src/backup/restore.js";
import { AnalyticsService } from "../../src/service.js";
import { openStore } from "../../src/store/open-store.js";
import { eventSummary } from "../../src/store/queries/event-summary.js";
import { eventsPage } from "../../src/store/queries/events-page.js";
import { type ClickHouseServer, startClickHouse, uniqueDatabase } from "../helpers/clickhouse-server.js";
import { tempDir } from "../helpers/test-app.js";

const ALL = { from: 0, to: Date.parse("2100-01-01T00:00:00Z") };

/** What the product does on ClickHouse: each table exported as JSON lines through the client, restored into an empty database. */
describe("ClickHouse: backup through the client, restore into an empty database", () => {
  let server: ClickHouseServer;
  let dir: { dir: string; remove(): Promise<void> };
  const prefix = uniqueDatabase();
  before(async () => {
    server = await startClickHouse();
    dir = await tempDir();
  });
  after(async () => {
    await server?.remove();
    await dir?.remove();
  });

  test("the restored database answers the same queries; a database that holds events is refused", async () => {
    const service = new AnalyticsService({
      dataDirectory: join(dir.dir, "node"),
      storeUrl: server.storeUrl(`${prefix}_source`),
      adminKey: "clickhouse-backup-admin-0",
    });
    await service.start();
    try {
      for (let i = 0; i < 300; i++) {
        await service.trackUserAction({ eventId: `c-${i}`, userId: `u-${i % 5}`, action: `a-${i % 4}` });
      }
      await service.keys.create("ingest", ["ingest"]);
      const made = await service.backup({ actor: "test" });
      assert.equal(made.engine, "clickhouse");
      assert.deepEqual((await readdir(made.path)).sort(), [
        "alert_rules.jsonl",
        "alerts.jsonl",
        "api_keys.jsonl",
        "audit_log.jsonl",
        "dashboards.jsonl",
        "events.jsonl",
        "loader_checkpoints.jsonl",
        "manifest.json",
        "prices.jsonl",
        "report_runs.jsonl",
        "report_schedules.jsonl",
      ]);
      assert.equal(made.tables.find((t) => t.table === "events")?.rows, 300);

      const target = { dataDirectory: join(dir.dir, "restored"), storeUrl: server.storeUrl(`${prefix}_restored`) };
      await restoreBackup(made.path, target);
      const restored = await openStore(target.storeUrl, target.dataDirectory);
      try {
        const source = service.store;
        assert.deepEqual(
          await restored.run(eventsPage({ limit: 1000 })),
          await source.run(eventsPage({ limit: 1000 })),
        );
        assert.deepEqual(await restored.run(eventSummary(ALL)), await source.run(eventSummary(ALL)));
        assert.deepEqual(await restored.listApiKeys(), await source.listApiKeys());
      } finally {
        await restored.close();
      }
      const again = { dataDirectory: join(dir.dir, "again"), storeUrl: target.storeUrl };
      await assert.rejects(restoreBackup(made.path, again), /Restore needs an empty store; the target holds events/);
    } finally {
      await service.stop();
    }
  });
});
