import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ReportRunRecord, ReportScheduleRecord } from "../../src/store/port.js";
import { migrated, type OpenStore, T0 } from "./store-contract.js";

/**
 * The report schedules' port (src/store/port/report-schedules.ts): schedules replaced by id and
 * deleted once; runs claimed once per id (whoever claims, however often, across a reopen), updated,
 * listed newest first. Run on each engine beside the store contract.
 */

const schedule = (id: string, created: number, definition = `{"name":"${id}"}`): ReportScheduleRecord => ({
  id,
  definition,
  created_at: created,
});

const run = (scheduleId: string, due: number, by: string, over: Partial<ReportRunRecord> = {}): ReportRunRecord => ({
  id: `${scheduleId}@${due}`,
  schedule_id: scheduleId,
  due_at: due,
  claimed_by: by,
  status: "running",
  started_at: due + 10,
  updated_at: due + 10,
  details: "{}",
  ...over,
});

export function reportScheduleContract(engine: string, open: OpenStore): void {
  describe(`${engine}: report schedules and runs`, () => {
    test("schedules: save replaces by id, list by creation, delete once, kept across a reopen", async () => {
      const store = await migrated(open, "report_schedules");
      const b = schedule("b", T0);
      const a = schedule("a", T0 + 5);
      await store.saveReportSchedule(a);
      await store.saveReportSchedule(b);
      const a2 = schedule("a", T0 + 5, '{"name":"a2"}');
      await store.saveReportSchedule(a2);
      assert.deepEqual(await store.listReportSchedules(), [b, a2]);
      assert.equal(await store.deleteReportSchedule("b"), true);
      assert.equal(await store.deleteReportSchedule("b"), false);
      assert.equal(await store.deleteReportSchedule("none"), false);
      await store.close();
      const again = await migrated(open, "report_schedules");
      try {
        assert.deepEqual(await again.listReportSchedules(), [a2]);
      } finally {
        await again.close();
      }
    });

    test("runs: a run is claimed once, whoever asks and however often; updates replace it", async () => {
      const store = await migrated(open, "report_runs");
      const first = run("s1", T0, "node-a/1");
      assert.equal(await store.claimReportRun(first), true);
      assert.equal(await store.claimReportRun(run("s1", T0, "node-b/2")), false);
      assert.equal(await store.claimReportRun(first), false);
      const done = { ...first, status: "delivered" as const, updated_at: T0 + 99, details: '{"deliveries":[]}' };
      await store.saveReportRun(done);
      // Once updated, the run is still taken.
      assert.equal(await store.claimReportRun(run("s1", T0, "node-a/3")), false);
      const later = run("s1", T0 + 3_600_000, "node-b/2");
      const other = run("s2", T0 + 60_000, "node-b/2");
      assert.equal(await store.claimReportRun(later), true);
      assert.equal(await store.claimReportRun(other), true);
      assert.deepEqual(await store.listReportRuns({ limit: 10 }), [later, other, done]);
      assert.deepEqual(await store.listReportRuns({ scheduleId: "s1", limit: 10 }), [later, done]);
      assert.deepEqual(await store.listReportRuns({ scheduleId: "s1", limit: 1 }), [later]);
      assert.deepEqual(await store.listReportRuns({ scheduleId: "none", limit: 10 }), []);
      assert.deepEqual(await store.listReportRuns({ status: "running", limit: 10 }), [later, other]);
      assert.deepEqual(await store.listReportRuns({ scheduleId: "s1", status: "running", limit: 10 }), [later]);
      assert.deepEqual(await store.listReportRuns({ status: "failed", limit: 10 }), []);
      await store.close();
      const again = await migrated(open, "report_runs");
      try {
        assert.equal(await again.claimReportRun(run("s1", T0, "node-c/4")), false);
        assert.deepEqual(await again.listReportRuns({ scheduleId: "s1", limit: 10 }), [later, done]);
      } finally {
        await again.close();
      }
    });

    test("runs: two claimants racing for the same run, exactly one wins each time", async () => {
      // One store object (DuckDB opens a file once per process); on ClickHouse the claims still race at the server.
      const store = await migrated(open, "report_race");
      try {
        for (let round = 0; round < 5; round++) {
          const due = T0 + round * 60_000;
          const [ga, gb] = await Promise.all([
            store.claimReportRun(run("race", due, "node-a/1")),
            store.claimReportRun(run("race", due, "node-b/1")),
          ]);
          assert.equal(Number(ga) + Number(gb), 1, `round ${round}: a ${ga}, b ${gb}`);
        }
      } finally {
        await store.close();
      }
    });
  });
}
