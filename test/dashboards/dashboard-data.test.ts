import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { WidgetData, WidgetDef } from "../../src/dashboards/api-schemas.js";
import { D1, type Fixture, fixture, HOUR, iso, T0, widget } from "./fixture.js";

// Exact widget data over known events, computed through the service as a page asks for it.

const API = { field: "event_type", op: "eq", value: "api_request" } as const;

describe("dashboard data: pinned values", () => {
  let f: Fixture;
  let n = 0;
  before(async () => {
    f = await fixture();
  });
  after(() => f.close());

  /** The data of one widget on a fresh custom dashboard. */
  async function dataOf(w: WidgetDef, query: Record<string, unknown>): Promise<WidgetData> {
    n += 1;
    await f.service.createDashboard({ id: `t${n}`, name: `t${n}`, widgets: [w] });
    const d = await f.service.getDashboardData(`t${n}`, query);
    return d.widgets[w.widget_id] as WidgetData;
  }
  const fourHours = { from: iso(T0), to: iso(T0 + 4 * HOUR) };
  const points = (d: WidgetData, i = 0) => {
    assert.ok("kind" in d && d.kind === "series", JSON.stringify(d));
    return d.series[i]?.points.map((p) => p.value);
  };

  test("counts per hour: an event exactly on a boundary is counted once, an empty hour is 0", async () => {
    const d = await dataOf(widget("w", "time_series", { metric: "event_count", interval: "1h" }), fourHours);
    assert.ok("kind" in d && d.kind === "series");
    assert.deepEqual(
      d.series[0]?.points,
      [0, 1, 2, 3].map((h, i) => ({ t: T0 + h * HOUR, value: [2, 2, 0, 1][i] })),
    );
    assert.equal(d.interval_ms, HOUR);
    assert.equal(d.partial_from, null);
    assert.equal(d.previous, null);
    assert.deepEqual([d.unit, d.better], ["events", null]);
  });

  test("means and rates: an empty hour is a gap (null), not 0", async () => {
    const avg = await dataOf(widget("w", "time_series", { metric: "avg_response_time", interval: "1h" }), fourHours);
    assert.deepEqual(points(avg), [150, 350, null, 50]);
    const rate = await dataOf(widget("w", "time_series", { metric: "error_rate", interval: "1h" }), fourHours);
    // e2 answered 500 in the first hour; the 404 of the second is no server error.
    assert.deepEqual(points(rate), [50, 0, null, 0]);
    assert.ok("better" in rate && rate.better === "lower");
    // Several measures of one widget share one scan; each keeps its own empty value.
    const both = await dataOf(
      widget("w", "time_series", {
        measures: [{ fn: "count" }, { fn: "avg", field: "response_time" }, { fn: "unique_users" }],
        interval: "1h",
      }),
      fourHours,
    );
    assert.deepEqual(
      [points(both, 0), points(both, 1), points(both, 2)],
      [
        [2, 2, 0, 1],
        [150, 350, null, 50],
        [2, 2, 0, 1],
      ],
    );
  });

  test("the unfinished last bucket is marked: partial_from is its start", async () => {
    const d = await dataOf(widget("w", "time_series", { interval: "1h" }), {
      from: iso(T0),
      to: iso(T0 + 3.5 * HOUR),
    });
    assert.ok("kind" in d && d.kind === "series");
    assert.deepEqual(points(d), [2, 2, 0, 1]);
    assert.equal(d.partial_from, T0 + 3 * HOUR);
  });

  test("compare=previous: the four hours before, shifted onto this period's buckets", async () => {
    const d = await dataOf(widget("w", "time_series", { interval: "1h" }), { ...fourHours, compare: "previous" });
    assert.ok("kind" in d && d.kind === "series");
    assert.deepEqual(
      d.previous?.[0]?.points,
      [1, 0, 0, 1].map((value, h) => ({ t: T0 + h * HOUR, value })),
    );
  });

  test("percentiles by numpy's linear rule: p95 of 1..100 ms is 95.05; per bucket too", async () => {
    const day = { from: iso(D1), to: iso(D1 + HOUR) };
    const p95 = await dataOf(
      widget("w", "time_series", { measure: { fn: "p95", field: "response_time" }, filter: API, chart: "number" }),
      day,
    );
    assert.deepEqual(p95, {
      kind: "number",
      unit: "ms",
      better: "lower",
      value: 95.05,
      previous: null,
      change_pct: null,
    });
    const series = await dataOf(
      widget("w", "time_series", {
        measures: [
          { fn: "p50", field: "response_time" },
          { fn: "p99", field: "response_time" },
        ],
        interval: "30m",
      }),
      day,
    );
    assert.ok("kind" in series && series.kind === "series");
    assert.deepEqual(
      series.series.map((s) => [s.name, s.points.map((p) => p.value)]),
      [
        ["p50 response_time", [50.5, null]],
        ["p99 response_time", [99.01, null]],
      ],
    );
  });

  test("number tiles with their change: events, users, and an empty previous period", async () => {
    const events = await dataOf(widget("w", "time_series", { chart: "number" }), { ...fourHours, compare: "previous" });
    assert.deepEqual(events, {
      kind: "number",
      unit: "events",
      better: null,
      value: 5,
      previous: 2,
      change_pct: 150,
    });
    const users = await dataOf(widget("w", "time_series", { metric: "unique_users", chart: "number" }), {
      ...fourHours,
      compare: "previous",
    });
    assert.deepEqual(users, {
      kind: "number",
      unit: "users",
      better: "higher",
      value: 3,
      previous: 1,
      change_pct: 200,
    });
  });

  test("top N of a breakdown says how many groups there are; status classes; session sizes; previous values", async () => {
    const top = await dataOf(widget("w", "distribution", { breakdown: "endpoint", limit: 2, chart: "table" }), {
      ...fourHours,
      compare: "previous",
    });
    assert.deepEqual(top, {
      kind: "breakdown",
      unit: "events",
      better: null,
      rows: [
        { key: "/a", value: 3, previous: 2 },
        { key: "/b", value: 1, previous: null },
      ],
      total_groups: 3,
      shown: 2,
    });
    const classes = await dataOf(widget("w", "distribution", { breakdown: "status_class" }), fourHours);
    assert.ok("kind" in classes && classes.kind === "breakdown");
    assert.deepEqual(
      classes.rows.map((r) => [r.key, r.value]),
      [
        ["2xx", 3],
        ["4xx", 1],
        ["5xx", 1],
      ],
    );
    assert.equal(classes.total_groups, 3);
    const sizes = await dataOf(widget("w", "distribution", { breakdown: "session_size" }), fourHours);
    assert.deepEqual(sizes, {
      kind: "breakdown",
      unit: "sessions",
      better: null,
      rows: [
        { key: "1", value: 1, previous: null },
        { key: "2-5", value: 1, previous: null },
      ],
      total_groups: 2,
      shown: 2,
    });
  });

  test("heatmap cells on the clocks of the period's zone (Monday 0)", async () => {
    const cellsIn = async (tz: string) => {
      const d = await dataOf(widget("w", "heatmap", { chart: "heatmap" }), { ...fourHours, tz });
      assert.ok("kind" in d && d.kind === "heatmap");
      assert.equal(d.cells.length, 168);
      return { filled: d.cells.filter((c) => c.value > 0), max: d.max };
    };
    assert.deepEqual(await cellsIn("America/New_York"), {
      filled: [
        { weekday: 0, hour: 9, value: 2 },
        { weekday: 0, hour: 10, value: 2 },
        { weekday: 0, hour: 12, value: 1 },
      ],
      max: 2,
    });
    assert.deepEqual((await cellsIn("UTC")).filled, [
      { weekday: 0, hour: 14, value: 2 },
      { weekday: 0, hour: 15, value: 2 },
      { weekday: 0, hour: 17, value: 1 },
    ]);
  });

  test("cost as the price book prices it, an unpriced model marked, never shown as 0", async () => {
    const period = { from: iso(D1), to: iso(D1 + 2 * HOUR) };
    const cost = { fn: "sum", field: "cost" } as const;
    const total = await dataOf(widget("w", "time_series", { measure: cost, chart: "number" }), period);
    // gpt-x: 1000 × 1/1k + 500 × 2/1k = 2; the mystery run that sent 0.5; the other mystery run unpriced.
    assert.deepEqual(total, {
      kind: "number",
      unit: "USD",
      better: "lower",
      value: 2.5,
      unpriced_runs: 1,
      coverage_pct: 200 / 3,
      previous: null,
      change_pct: null,
    });
    const byModel = await dataOf(widget("w", "distribution", { measure: cost, breakdown: "model" }), period);
    assert.ok("kind" in byModel && byModel.kind === "breakdown");
    assert.deepEqual(byModel.rows, [
      { key: "gpt-x", value: 2, runs: 1, unpriced_runs: 0, coverage_pct: 100, previous: null },
      { key: "mystery", value: 0.5, runs: 2, unpriced_runs: 1, coverage_pct: 50, previous: null },
    ]);
  });

  test("page filters narrow every widget", async () => {
    n += 1;
    await f.service.createDashboard({
      id: `t${n}`,
      name: "filtered",
      widgets: [
        widget("events", "time_series", { chart: "number" }),
        widget("by", "distribution", { breakdown: "endpoint" }),
      ],
    });
    const d = await f.service.getDashboardData(`t${n}`, { ...fourHours, endpoint: "/a", user_id: "u1" });
    assert.deepEqual(d.widgets.events, {
      kind: "number",
      unit: "events",
      better: null,
      value: 2,
      previous: null,
      change_pct: null,
    });
    assert.ok("kind" in (d.widgets.by as WidgetData));
  });

  test("a widget that fails answers {error}; the others still answer", async () => {
    n += 1;
    await f.service.createDashboard({
      id: `t${n}`,
      name: "half broken",
      widgets: [
        widget("bad", "time_series", { filter: { field: "status_code", op: "eq", value: "x" }, chart: "number" }),
        widget("good", "time_series", { chart: "number" }),
      ],
    });
    const d = await f.service.getDashboardData(`t${n}`, fourHours);
    assert.deepEqual(d.widgets.bad, {
      error: "Invalid query: aggregates.m0_n.filter.and[0].value must be a whole number",
    });
    assert.equal((d.widgets.good as { value: number }).value, 5);
    assert.deepEqual(d.time_range, { start: iso(T0), end: iso(T0 + 4 * HOUR) });
    assert.equal(d.refresh_seconds, 30);
    assert.equal(d.newest_event, iso(D1 + HOUR + 2 * 60_000));
    assert.deepEqual(
      d.layout.map((w) => w.widget_id),
      ["bad", "good"],
    );
  });
});
