import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { LIBRARY } from "../../src/audit/audited.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/port.js";
import { type ClickHouseServer, startClickHouse } from "../helpers/clickhouse-server.js";
import { at, hook, type ReportFixture, reportFixture, schedulesOn } from "../schedules/fixture.js";

describe("scheduled reports: two nodes over one ClickHouse", () => {
  let ch: ClickHouseServer;
  let f: ReportFixture;
  const stores: Store[] = [];
  before(async () => {
    ch = await startClickHouse();
    // The reports read the service's events in ClickHouse. The two nodes' schedulers share another
    // database (the service runs a scheduler of its own, on the real clock, over its database).
    f = await reportFixture(ch.storeUrl("report_events"));
    for (let i = 0; i < 2; i++) {
      const s = await openStore(ch.storeUrl("report_nodes"), f.dir);
      await s.migrate();
      stores.push(s);
    }
  });
  after(async () => {
    for (const s of stores) await s.close();
    await f?.close();
    await ch?.remove();
  });

  test("a due run is delivered once, by one node; a restarted node and the other do not send it again", async () => {
    const h = await hook();
    const clock = { now: at("2026-03-10T08:59:00Z") };
    const [sa, sb] = stores as [Store, Store];
    const a = schedulesOn(f, sa, "node-a", clock);
    const b = schedulesOn(f, sb, "node-b", clock);
    try {
      await a.create(
        {
          name: "Cluster daily",
          cron: "0 9 * * *",
          report_type: "technical_report",
          period: 1,
          format: "json",
          recipients: { webhooks: [h.url] },
        },
        LIBRARY,
      );
      clock.now = at("2026-03-10T09:00:30Z");
      const runs = (await Promise.all([a.scheduler.tick(), b.scheduler.tick()])).flat();
      assert.deepEqual(
        runs.map((r) => [r.due_at, r.status]),
        [[at("2026-03-10T09:00:00Z"), "delivered"]],
      );
      const report = JSON.parse(h.received[0]?.body ?? "{}");
      assert.deepEqual([report.performance.total_requests, report.performance.p95_response_time], [4, 38.5]);
      // Node a restarts (a fresh claimant, its own lease again); past the lease's life either may look.
      const again = schedulesOn(f, sa, "node-a", clock);
      assert.deepEqual(await again.scheduler.tick(), []);
      clock.now = at("2026-03-10T11:01:00Z");
      assert.deepEqual((await Promise.all([b.scheduler.tick(), again.scheduler.tick()])).flat(), []);
      assert.equal(h.calls(), 1);
      await again.stop();
    } finally {
      await a.stop();
      await b.stop();
      await h.close();
    }
  });
});
