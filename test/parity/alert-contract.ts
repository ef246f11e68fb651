import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { AlertRecord, AlertRuleRecord } from "../../src/store/port.js";
import { migrated, type OpenStore, T0 } from "./store-contract.js";

/**
 * The alert rules' and the alert history's ports (src/store/port/alert-rules.ts, alert-history.ts):
 * replacing a row by id, deleting once, the span and "current" reads. Run on each engine beside the
 * store contract (test/store/duckdb-store.test.ts, test/parity/store.test.ts).
 */

const ruleRow = (id: string, created: number, definition = `{"name":"${id}"}`): AlertRuleRecord => ({
  id,
  definition,
  created_at: created,
  updated_at: created,
});

const alert = (id: string, started: number, resolved: number | null, over: Partial<AlertRecord> = {}): AlertRecord => ({
  id,
  rule_id: "r1",
  series_key: "",
  state: resolved === null ? "firing" : "resolved",
  started_at: started,
  resolved_at: resolved,
  details: `{"id":"${id}"}`,
  updated_at: resolved ?? started,
  ...over,
});

export function alertContract(engine: string, open: OpenStore): void {
  describe(`${engine}: alert rules and history`, () => {
    test("rules: save replaces by id, list by creation, delete once, kept across a reopen", async () => {
      const store = await migrated(open, "alert_rules");
      const b = ruleRow("b", T0);
      const a = ruleRow("a", T0 + 5);
      await store.saveAlertRule(a);
      await store.saveAlertRule(b);
      const a2 = { ...ruleRow("a", T0 + 5, '{"name":"a2"}'), updated_at: T0 + 9 };
      await store.saveAlertRule(a2);
      assert.deepEqual(await store.listAlertRules(), [b, a2]);
      assert.equal(await store.deleteAlertRule("b"), true);
      assert.equal(await store.deleteAlertRule("b"), false);
      assert.equal(await store.deleteAlertRule("none"), false);
      await store.close();
      const again = await migrated(open, "alert_rules");
      try {
        assert.deepEqual(await again.listAlertRules(), [a2]);
      } finally {
        await again.close();
      }
    });

    test("history: an alert resolved later replaces its firing row; span and current reads", async () => {
      const store = await migrated(open, "alert_history");
      try {
        const old = alert("old", T0, T0 + 100);
        const mid = alert("mid", T0 + 1000, T0 + 2000);
        const open1 = alert("open", T0 + 3000, null);
        const other = alert("other", T0 + 500, T0 + 1500, { series_key: "model=m" });
        for (const x of [old, mid, open1, other]) await store.saveAlert(x);
        const openResolvedLater = alert("open", T0 + 3000, null, { details: '{"deliveries":1}' });
        await store.saveAlert(openResolvedLater);
        assert.deepEqual(await store.listAlerts({ from: T0 + 1200, to: T0 + 5000 }), [other, mid, openResolvedLater]);
        assert.deepEqual(await store.listAlerts({ from: 0, to: T0 + 1000 }), [old, other]);
        // Firing ones, then per rule and series the latest resolution since T0 + 50.
        assert.deepEqual(await store.currentAlerts(T0 + 50), [openResolvedLater, mid, other]);
        const resolved = alert("open", T0 + 3000, T0 + 4000);
        await store.saveAlert(resolved);
        assert.deepEqual(await store.currentAlerts(T0 + 3500), [resolved]);
      } finally {
        await store.close();
      }
    });
  });
}
