import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ConflictError, NotFoundError, ValidationError } from "../../src/errors.js";
import { type Fixture, fixture, HOUR, iso, T0, widget } from "./fixture.js";

describe("dashboards from the library", () => {
  let f: Fixture;
  before(async () => {
    f = await fixture();
  });
  after(() => f.close());

  test("create, list, read, replace and delete a custom dashboard; each change audited as the library", async () => {
    const made = await f.service.createDashboard({
      id: "lib",
      name: "Library",
      widgets: [widget("n", "time_series", { chart: "number" })],
    });
    assert.deepEqual(
      [made.id, made.description, made.builtin, made.created_at === made.last_modified],
      ["lib", "", false, true],
    );
    const list = await f.service.getDashboards();
    assert.deepEqual(
      list.dashboards.map((d) => d.dashboard_id),
      ["executive", "technical", "cognitive", "user_behavior", "lib"],
    );
    const data = await f.service.getDashboardData("lib", { from: iso(T0), to: iso(T0 + 4 * HOUR) });
    assert.equal((data.widgets.n as { value: number }).value, 5);
    const replaced = await f.service.updateDashboard("lib", { id: "lib", name: "Renamed", widgets: [] });
    assert.deepEqual([replaced.name, replaced.created_at], ["Renamed", made.created_at]);
    await f.service.deleteDashboard("lib");
    await assert.rejects(f.service.getDashboardData("lib"), NotFoundError);
    const audit = await f.service.audit.page({ limit: 10 });
    assert.deepEqual(
      audit.filter((e) => e.target === "lib").map((e) => [e.action, e.actor]),
      [
        ["dashboards.delete", "library"],
        ["dashboards.update", "library"],
        ["dashboards.create", "library"],
      ],
    );
  });

  test("typed errors: a bad definition names the field; built-ins and taken ids conflict; unknown ids are not found", async () => {
    await assert.rejects(
      f.service.createDashboard({ id: "bad", name: "Bad", widgets: [widget("w", "time_series", { interval: "0m" })] }),
      (e: ValidationError) =>
        e instanceof ValidationError && e.details?.[0]?.field === "widgets.0.configuration.interval",
    );
    await assert.rejects(
      f.service.createDashboard({
        id: "bad",
        name: "Bad",
        widgets: [{ ...widget("w", "time_series", {}), position: { x: 12, y: 0, width: 1, height: 1 } }],
      }),
      (e: ValidationError) => e instanceof ValidationError && e.details?.[0]?.field === "widgets.0.position.x",
    );
    await assert.rejects(f.service.createDashboard({ id: "executive", name: "Mine", widgets: [] }), ConflictError);
    await assert.rejects(f.service.deleteDashboard("user_behavior"), ConflictError);
    await assert.rejects(f.service.updateDashboard("nope", { id: "nope", name: "x", widgets: [] }), NotFoundError);
    await assert.rejects(f.service.getDashboardData("executive", { interval: "0h" }), ValidationError);
  });
});
