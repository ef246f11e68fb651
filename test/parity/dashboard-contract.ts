import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { DashboardRecord } from "../../src/store/port.js";
import { migrated, type OpenStore, T0 } from "./store-contract.js";

/**
 * The custom dashboards' port (src/store/port/dashboards.ts): replacing a row by id, deleting once
 * (a tombstone on ClickHouse), a deleted id saved again. Run on each engine beside the store contract.
 */

const row = (id: string, created: number, definition = `{"name":"${id}"}`): DashboardRecord => ({
  id,
  definition,
  created_at: created,
  updated_at: created,
});

export function dashboardContract(engine: string, open: OpenStore): void {
  describe(`${engine}: dashboards`, () => {
    test("save replaces by id, list by creation, delete once, save again after a delete, kept across a reopen", async () => {
      const store = await migrated(open, "dashboards");
      const b = row("b", T0);
      const a = row("a", T0 + 5);
      const c = row("c", T0 + 7);
      await store.saveDashboard(a);
      await store.saveDashboard(b);
      await store.saveDashboard(c);
      const a2 = { ...row("a", T0 + 5, '{"name":"a2"}'), updated_at: T0 + 9 };
      await store.saveDashboard(a2);
      assert.deepEqual(await store.listDashboards(), [b, a2, c]);
      assert.equal(await store.deleteDashboard("b"), true);
      assert.equal(await store.deleteDashboard("b"), false);
      assert.equal(await store.deleteDashboard("none"), false);
      assert.equal(await store.deleteDashboard("c"), true);
      const c2 = row("c", T0 + 20, '{"name":"c2"}');
      await store.saveDashboard(c2);
      // The alert rules' table is another table: nothing of it shows here.
      await store.saveAlertRule(row("rule", T0));
      assert.deepEqual(await store.listDashboards(), [a2, c2]);
      await store.close();
      const again = await migrated(open, "dashboards");
      try {
        assert.deepEqual(await again.listDashboards(), [a2, c2]);
      } finally {
        await again.close();
      }
    });
  });
}
