import { join } from "node:path";
import { AuditLog } from "../../src/audit/audit-log.js";
import type { ProduceReport } from "../../src/reports/produce.js";
import { ReportSchedules, type ScheduleSettings } from "../../src/schedules/schedules.js";
import { AnalyticsService } from "../../src/service.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import type { AuditSink, Leases, QueryRunner, ReportScheduleStore } from "../../src/store/port.js";
import { ADMIN_KEY, tempDir } from "../helpers/test-app.js";

export { receiver as hook } from "../alerts/receiver.js";

export const at = (iso: string) => Date.parse(iso);
/** Four API requests between 08:01 and 08:04 UTC on 10 March 2026, answered in 10, 20, 30 and 40 ms. */
export const REQUEST_TIMES = [1, 2, 3, 4].map((m) => at(`2026-03-10T08:0${m}:00Z`));

/**
 * The real reports over a started service holding REQUEST_TIMES' requests, and a store of its own
 * for schedules (the service keeps its DuckDB file open): the schedulers under test get a clock.
 */
export async function reportFixture(storeUrl = "") {
  const dir = await tempDir();
  const service = new AnalyticsService({ dataDirectory: join(dir.dir, "service"), adminKey: ADMIN_KEY, storeUrl });
  await service.start();
  for (const [i, t] of REQUEST_TIMES.entries()) {
    await service.trackApiRequest({
      eventId: `req-${i}`,
      timestamp: new Date(t).toISOString(),
      endpoint: "/chat",
      method: "POST",
      statusCode: 200,
      responseTime: (i + 1) * 10,
    } as never);
  }
  await service.pipeline.drain();
  const produce: ProduceReport = (r) => service.reports.produce(r);
  const stores: DuckDbStore[] = [];
  return {
    dir: dir.dir,
    produce,
    /** A store of its own for one test's schedules, leases and runs (closed with the fixture). */
    async store(name: string): Promise<DuckDbStore> {
      const store = await DuckDbStore.open(join(dir.dir, `${name}.duckdb`));
      await store.migrate();
      stores.push(store);
      return store;
    },
    async close() {
      for (const s of stores) await s.close();
      await service.stop();
      await dir.remove();
    },
  };
}

export type ReportFixture = Awaited<ReturnType<typeof reportFixture>>;

export const SETTINGS: ScheduleSettings = {
  dataDirectory: "",
  reportDeliveryAttempts: 3,
  webhookTimeoutSeconds: 5,
  smtpPort: 587,
  smtpSecure: false,
  smtpFrom: "reports@analytics.test",
};

/** A scheduler on `store` with a clock the test moves; back-off of 1 ms. */
export function schedulesOn(
  f: ReportFixture,
  store: ReportScheduleStore & Leases & AuditSink & QueryRunner,
  node: string,
  clock: { now: number },
  settings: Partial<ScheduleSettings> = {},
  produce: ProduceReport = f.produce,
): ReportSchedules {
  const s = { ...SETTINGS, dataDirectory: f.dir, ...settings };
  return new ReportSchedules(store, new AuditLog(store), produce, s, {
    node,
    now: () => clock.now,
    backoffMs: 1,
    tickMs: 3_600_000,
  });
}
