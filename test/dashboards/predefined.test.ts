import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { DashboardInput, type WidgetData } from "../../src/dashboards/api-schemas.js";
import { checkDashboard } from "../../src/dashboards/definitions.js";
import { PREDEFINED } from "../../src/dashboards/predefined.js";
import { runDemo } from "../../src/demo/run-demo.js";
import { check } from "../../src/model/validate.js";
import { AnalyticsService } from "../../src/service.js";

const IDS = ["executive", "technical", "cognitive", "user_behavior"];
const errors = (widgets: Record<string, WidgetData>) => Object.entries(widgets).filter(([, w]) => "error" in w);

test("the built-ins are valid definitions of the custom format, in list order", () => {
  assert.deepEqual(
    PREDEFINED.map((d) => d.id),
    IDS,
  );
  for (const d of PREDEFINED) {
    const input = { id: d.id, name: d.name, description: d.description, widgets: d.widgets };
    assert.deepEqual(check(DashboardInput, input), [], d.id);
    checkDashboard(input);
  }
});

describe("the built-in dashboards on an empty store and on the demo data", () => {
  let dir: string;
  let service: AnalyticsService;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "dte-dash-demo-"));
    service = new AnalyticsService({ dataDirectory: dir });
    await service.start();
  });
  after(async () => {
    await service.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test("empty: every widget answers, series with every bucket and no event, counts 0", async () => {
    for (const id of IDS) {
      const d = await service.getDashboardData(id, { compare: "previous" });
      assert.deepEqual(errors(d.widgets), [], id);
      for (const w of Object.values(d.widgets)) {
        if ("kind" in w && w.kind === "series") {
          assert.equal(w.series[0]?.points.length, w.interval_ms === 3_600_000 ? 25 : 2, id);
          assert.ok(w.series.every((s) => s.points.every((p) => p.value === 0 || p.value === null)));
        }
        if ("kind" in w && w.kind === "breakdown") assert.deepEqual([w.rows, w.total_groups], [[], 0]);
      }
    }
  });

  test("on a demo day: no widget answers {error}, and the figures are the demo's", async () => {
    const result = await runDemo(service, { seed: 5, users: 40, end: Math.floor(Date.now() / 60_000) * 60_000 });
    await service.pipeline.drain();
    for (const id of IDS) {
      const d = await service.getDashboardData(id, { hours: 25 });
      assert.deepEqual(errors(d.widgets), [], id);
    }
    const exec = await service.getDashboardData("executive", { hours: 25 });
    assert.equal((exec.widgets.events_total as { value: number }).value, result.events);
    assert.equal((exec.widgets.active_users_total as { value: number }).value, result.users);
    const user = await service.getDashboardData("user_behavior", { hours: 25 });
    const heat = user.widgets.activity_heatmap as { cells: Array<{ value: number }> };
    assert.equal(
      heat.cells.reduce((a, c) => a + c.value, 0),
      result.events,
    );
  });
});
