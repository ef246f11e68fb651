import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestApp, testApp } from "../helpers/test-app.js";

const API = "/api/analytics";

const widget = (widget_id: string, configuration: object, data_source = "time_series") => ({
  widget_id,
  widget_type: "chart",
  title: `Widget ${widget_id}`,
  data_source,
  configuration,
  position: { x: 0, y: 0, width: 6, height: 4 },
});

/** The first version's format: no chart, its metric names and interval syntax. */
const legacy = {
  id: "ops",
  name: "Operations",
  description: "Made by a first-version client",
  widgets: [
    widget("users", { metric: "unique_users", interval: "1d" }),
    widget("types", { field: "event_type" }, "distribution"),
    widget("scores", { metrics: ["system_health"] }, "kpis"),
  ],
};

describe("dashboards over HTTP", () => {
  let t: TestApp;
  let readKey: string;
  let ingestKey: string;
  before(async () => {
    t = await testApp();
    const key = async (scopes: string[]) =>
      (await t.call({ method: "POST", url: `${API}/keys`, payload: { name: scopes[0], scopes } })).json().key as string;
    readKey = await key(["read"]);
    ingestKey = await key(["ingest"]);
  });
  after(() => t.close());

  const fieldsOf = (res: { json(): { details: Array<{ field: string }> } }) => res.json().details.map((d) => d.field);
  const post = (payload: object) => t.call({ method: "POST", url: `${API}/dashboard`, payload });

  test("the built-ins first in their order, then custom ones; each answers its data on an empty store", async () => {
    const created = await post(legacy);
    assert.equal(created.statusCode, 201, created.body);
    const def = created.json();
    assert.equal(def.builtin, false);
    assert.equal(def.description, legacy.description);
    assert.deepEqual(def.widgets, legacy.widgets);
    const list = (await t.call({ method: "GET", url: `${API}/dashboards`, key: readKey })).json().dashboards;
    assert.deepEqual(
      list.map((d: { dashboard_id: string; builtin: boolean; widget_count: number }) => [
        d.dashboard_id,
        d.builtin,
        d.widget_count,
      ]),
      [
        ["executive", true, 9],
        ["technical", true, 7],
        ["cognitive", true, 7],
        ["user_behavior", true, 6],
        ["ops", false, 3],
      ],
    );
    assert.equal(list[0].created_at, null);
    assert.equal(list[4].created_at, def.created_at);
    const data = await t.call({ method: "GET", url: `${API}/dashboard/ops?hours=48`, key: readKey });
    assert.equal(data.statusCode, 200, data.body);
    const body = data.json();
    assert.deepEqual(Object.keys(body.widgets), ["users", "types", "scores"]);
    assert.deepEqual(body.widgets.types, {
      kind: "breakdown",
      unit: "events",
      better: null,
      rows: [],
      total_groups: 0,
      shown: 0,
    });
    assert.equal(body.widgets.users.kind, "series");
    assert.equal(body.widgets.users.interval_ms, 86_400_000);
    assert.equal(body.widgets.scores.kind, "kpis");
    assert.equal(body.refresh_seconds, 30);
    assert.equal(body.newest_event, null);
    assert.deepEqual(body.layout, legacy.widgets);
  });

  test("a definition for the editor, built-ins too; replace and delete a custom one, each audited", async () => {
    const builtin = await t.call({ method: "GET", url: `${API}/dashboard/executive/definition`, key: readKey });
    assert.equal(builtin.statusCode, 200);
    assert.equal(builtin.json().widgets[0].widget_id, "kpi_overview");
    await post({ ...legacy, id: "temp" });
    const replaced = await t.call({
      method: "PUT",
      url: `${API}/dashboard/temp`,
      payload: { ...legacy, id: "temp", name: "Renamed", widgets: [widget("n", { chart: "number" })] },
    });
    assert.equal(replaced.statusCode, 200, replaced.body);
    assert.equal(replaced.json().name, "Renamed");
    const got = (await t.call({ method: "GET", url: `${API}/dashboard/temp/definition` })).json();
    assert.deepEqual([got.name, got.widgets.length], ["Renamed", 1]);
    assert.equal((await t.call({ method: "DELETE", url: `${API}/dashboard/temp` })).statusCode, 204);
    assert.equal((await t.call({ method: "GET", url: `${API}/dashboard/temp` })).statusCode, 404);
    const audit = await t.service.audit.page({ limit: 20 });
    assert.deepEqual(
      audit.filter((e) => e.action.startsWith("dashboards.") && e.target === "temp").map((e) => [e.action, e.outcome]),
      [
        ["dashboards.delete", "ok"],
        ["dashboards.update", "ok"],
        ["dashboards.create", "ok"],
      ],
    );
  });

  test("404 for an unknown dashboard on every route", async () => {
    for (const [method, url] of [
      ["GET", `${API}/dashboard/nope`],
      ["GET", `${API}/dashboard/nope/definition`],
      ["DELETE", `${API}/dashboard/nope`],
    ] as const) {
      const res = await t.call({ method, url });
      assert.deepEqual([res.statusCode, res.json()], [404, { error: "Dashboard not found" }], `${method} ${url}`);
    }
    const put = await t.call({ method: "PUT", url: `${API}/dashboard/nope`, payload: { ...legacy, id: "nope" } });
    assert.equal(put.statusCode, 404);
  });

  test("409: built-ins cannot be created over, replaced or deleted; a taken id", async () => {
    const conflict = async (res: Promise<{ statusCode: number; body: string }>, pattern: RegExp) => {
      const r = await res;
      assert.equal(r.statusCode, 409, r.body);
      assert.match(r.body, pattern);
    };
    await conflict(post({ ...legacy, id: "executive" }), /built-in/);
    await conflict(
      t.call({ method: "PUT", url: `${API}/dashboard/technical`, payload: { ...legacy, id: "technical" } }),
      /built-in/,
    );
    await conflict(t.call({ method: "DELETE", url: `${API}/dashboard/cognitive` }), /built-in/);
    await post({ ...legacy, id: "taken" });
    await conflict(post({ ...legacy, id: "taken" }), /exists/);
  });

  test("400 naming the field: a zero interval, an unknown key, an unknown filter field, a measure without its field", async () => {
    const cases: Array<[object, string]> = [
      [{ ...legacy, widgets: [widget("w", { interval: "0h" })] }, "widgets.0.configuration.interval"],
      [{ ...legacy, widgets: [widget("w", { interval: "-5m" })] }, "widgets.0.configuration.interval"],
      [{ ...legacy, widgets: [widget("w", { colour: "red" })] }, "widgets.0.configuration.colour"],
      [
        { ...legacy, widgets: [widget("w", { filter: { field: "nope", op: "eq", value: 1 } })] },
        "widgets.0.configuration.filter.field",
      ],
      [{ ...legacy, widgets: [widget("w", { measure: { fn: "p95" } })] }, "widgets.0.configuration.measure.field"],
      [{ ...legacy, widgets: [widget("a", {}), widget("a", {})] }, "widgets.1.widget_id"],
      [{ ...legacy, widgets: [widget("w", { chart: "pie" })] }, "widgets.0.configuration.chart"],
      [{ ...legacy, widgets: [widget("w", {}, "distribution")] }, "widgets.0.configuration.breakdown"],
      [{ ...legacy, id: "has space" }, "id"],
      [{ name: "no id", widgets: [] }, "id"],
    ];
    for (const [payload, field] of cases) {
      const res = await post(payload);
      assert.equal(res.statusCode, 400, `${field}: ${res.body}`);
      assert.ok(fieldsOf(res).includes(field), `${field} in ${res.body}`);
    }
    const mismatch = await t.call({ method: "PUT", url: `${API}/dashboard/ops`, payload: { ...legacy, id: "other" } });
    assert.deepEqual([mismatch.statusCode, fieldsOf(mismatch)], [400, ["id"]]);
  });

  test("400 for a bad period or interval on the data route", async () => {
    for (const [query, field] of [
      ["interval=0h", "interval"],
      ["interval=1m&hours=720", "interval"],
      ["interval=soon", "interval"],
      ["hours=0", "hours"],
      ["tz=Mars/Olympus", "tz"],
      ["hours=2&from=2026-01-01T00:00:00Z", "hours"],
      ["colour=red", "colour"],
    ]) {
      const res = await t.call({ method: "GET", url: `${API}/dashboard/executive?${query}`, key: readKey });
      assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
      assert.deepEqual(fieldsOf(res), [field], query);
    }
    const ok = await t.call({ method: "GET", url: `${API}/dashboard/technical?interval=15m&hours=6`, key: readKey });
    assert.equal(ok.json().widgets.throughput.interval_ms, 15 * 60_000);
  });

  test("401 without a key; 403 below read for data and below admin for changes", async () => {
    assert.equal((await t.call({ method: "GET", url: `${API}/dashboards`, key: null })).statusCode, 401);
    assert.equal((await t.call({ method: "GET", url: `${API}/dashboard/executive`, key: null })).statusCode, 401);
    assert.equal((await t.call({ method: "GET", url: `${API}/dashboards`, key: ingestKey })).statusCode, 403);
    assert.equal((await t.call({ method: "GET", url: `${API}/dashboard/executive`, key: ingestKey })).statusCode, 403);
    for (const [method, url] of [
      ["POST", `${API}/dashboard`],
      ["PUT", `${API}/dashboard/ops`],
      ["DELETE", `${API}/dashboard/ops`],
    ] as const) {
      for (const key of [null, readKey]) {
        const res = await t.call({ method, url, key, payload: method === "DELETE" ? undefined : legacy });
        assert.equal(res.statusCode, key === null ? 401 : 403, `${method} ${url}`);
      }
    }
  });
});
