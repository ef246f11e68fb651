import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { TestApp } from "../helpers/test-app.js";
import { exportFixture, iso, PERIOD, T0 } from "./fixture.js";
import { bytesOf, readCsv, readCsvHeader, readNdjson, readParquet, readXml } from "./read-back.js";

const API = "/api/analytics";
const RANGE = `from=${PERIOD.from}&to=${PERIOD.to}`;

type PublicEvent = { event_id: string; timestamp: string; received_at: string; data: Record<string, unknown> } & Record<
  string,
  unknown
>;

/**
 * GET /export/:type on a store: every format parsed back and compared with the events listing of
 * the same store, filters, empty exports, the other types, the audit and every failure answer.
 */
export function exportContract(store: string, open: () => Promise<TestApp>): void {
  describe(`GET /export/:type on ${store}`, () => {
    let t: TestApp;
    /** What the events listing answers for the period: the reference every format is compared with. */
    let listed: PublicEvent[];
    const get = (path: string, key?: string | null) => t.call({ method: "GET", url: `${API}/export/${path}`, key });

    before(async () => {
      t = await open();
      const res = await t.call({ method: "POST", url: `${API}/track/batch`, payload: { events: exportFixture() } });
      assert.equal(res.statusCode, 201, res.body);
      listed = (await t.call({ method: "GET", url: `${API}/events?${RANGE}&limit=1000` })).json().events;
      assert.equal(listed.length, 6);
    });
    after(() => t.close());

    test("events as JSON: the listing's events, newest first, with a safe file name", async () => {
      const res = await get(`events?${RANGE}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers["content-type"], "application/json; charset=utf-8");
      assert.equal(
        res.headers["content-disposition"],
        'attachment; filename="events_20261002_090000_20261002_100000.json"',
      );
      assert.deepEqual(res.json(), listed);
      assert.equal(res.headers["x-export-rows"], "6");
      assert.deepEqual(
        listed.map((e) => e.event_id),
        ["r2", "s1-end", "r1", "a2", "a1", "s1-start"],
      );
    });

    test("events as NDJSON and as JSON with metadata", async () => {
      assert.deepEqual(readNdjson((await get(`events?${RANGE}&format=ndjson`)).body), listed);
      const res = await get(`events?${RANGE}&metadata=true&event_type=api_request`);
      assert.equal(res.headers["x-export-rows"], "2");
      const body = res.json();
      assert.deepEqual(body.metadata, {
        type: "events",
        generated_at: body.metadata.generated_at,
        period: PERIOD,
        filter: { event_type: "api_request" },
        columns: [
          { name: "event_id", type: "string" },
          { name: "event_type", type: "string" },
          { name: "timestamp", type: "timestamp" },
          { name: "received_at", type: "timestamp" },
          { name: "user_id", type: "string" },
          { name: "session_id", type: "string" },
          { name: "data", type: "json" },
        ],
      });
      assert.deepEqual(
        body.rows,
        listed.filter((e) => e.event_type === "api_request"),
      );
    });

    test("events as CSV: every field as text, parsed back by a CSV parser", async () => {
      const res = await get(`events?${RANGE}&format=csv`);
      assert.equal(res.headers["content-type"], "text/csv; charset=utf-8");
      const text = (v: unknown) => (v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));
      assert.deepEqual(
        readCsv(res.body),
        listed.map((e) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, text(v)]))),
      );
      const a1 = readCsv(res.body).find((r) => r.event_id === "a1");
      assert.equal(JSON.parse(a1?.data ?? "").action, 'comma, "quote"\nnew line');
    });

    test("events as XML: renamed keys keep the original, text escaped", async () => {
      const res = await get(`events?${RANGE}&format=xml`);
      assert.equal(res.headers["content-type"], "application/xml; charset=utf-8");
      const rows = (readXml(res.body) as { export: { "@_type": string; row: Array<Record<string, unknown>> } }).export;
      assert.equal(rows["@_type"], "events");
      assert.deepEqual(
        rows.row.map((r) => r.event_id),
        listed.map((e) => e.event_id),
      );
      const a1 = rows.row.find((r) => r.event_id === "a1");
      assert.deepEqual(a1?.data, {
        action: 'comma, "quote"\nnew line',
        details: {
          _1st_place: { "#text": "gold", "@_key": "1st place" },
          a_b: { "@_key": "a b", item: ["1", "two", { "@_null": "true" }] },
          _xmlns: { deep: "true", "@_key": "xmlns" },
        },
      });
      assert.equal(a1?.timestamp, iso(T0 + 60_000));
      assert.deepEqual(rows.row.find((r) => r.event_id === "r2")?.session_id, { "@_null": "true" });
      const r1 = rows.row.find((r) => r.event_id === "r1")?.data as Record<string, string> | undefined;
      assert.equal(r1?.endpoint, "/x?a=1&b=<2>");
    });

    test("events as Parquet: DuckDB reads back the same events, typed", async () => {
      const res = await get(`events?${RANGE}&format=parquet`);
      assert.equal(res.headers["content-type"], "application/vnd.apache.parquet");
      const { rows, types } = await readParquet(res.rawPayload, t.dir);
      assert.equal(types.timestamp, "TIMESTAMP");
      assert.equal(types.data, "JSON");
      assert.deepEqual(
        rows.map((r) => ({
          ...r,
          timestamp: (r.timestamp as Date).toISOString(),
          received_at: (r.received_at as Date).toISOString(),
          data: JSON.parse(r.data as string),
        })),
        listed,
      );
    });

    test("filters: event type, user, session", async () => {
      const ids = async (q: string) =>
        readNdjson((await get(`events?${RANGE}&format=ndjson&${q}`)).body).map((e) => e.event_id);
      assert.deepEqual(await ids("event_type=api_request"), ["r2", "r1"]);
      assert.deepEqual(await ids("user_id=u2"), ["r2"]);
      assert.deepEqual(await ids("session_id=s1&event_type=user_action"), ["a2", "a1"]);
      assert.deepEqual(await ids("user_id=nobody"), []);
    });

    test("an empty export: the CSV header alone, an empty array, an empty XML root, a Parquet file of no rows", async () => {
      const empty = `from=${iso(T0 - 3_600_000)}&to=${iso(T0)}`;
      const csv = (await get(`events?${empty}&format=csv`)).body;
      assert.equal(csv, "event_id,event_type,timestamp,received_at,user_id,session_id,data\r\n");
      assert.deepEqual(readCsvHeader(csv), [
        "event_id",
        "event_type",
        "timestamp",
        "received_at",
        "user_id",
        "session_id",
        "data",
      ]);
      assert.deepEqual((await get(`events?${empty}`)).json(), []);
      assert.deepEqual(readXml((await get(`events?${empty}&format=xml`)).body).export, {
        "#text": "\n",
        "@_type": "events",
      });
      const parquet = await readParquet((await get(`events?${empty}&format=parquet`)).rawPayload, t.dir);
      assert.deepEqual(parquet.rows, []);
    });

    test("sessions: the session's figures, as the sessions listing derives them", async () => {
      const res = await get(`sessions?${RANGE}&format=csv`);
      // Sessions are not counted before they are read.
      assert.equal(res.headers["x-export-rows"], undefined);
      const rows = readCsv(res.body);
      assert.deepEqual(rows, [
        {
          session_id: "s1",
          user_id: "u1",
          status: "terminated",
          start_time: iso(T0),
          last_activity: iso(T0 + 10 * 60_000),
          end_time: iso(T0 + 10 * 60_000),
          duration_seconds: "600",
          ip_address: "10.0.0.1",
          user_agent: "agent",
          events_count: "3",
          cognitive_processes: "0",
          api_calls: "1",
        },
      ]);
      assert.deepEqual(readNdjson((await get(`sessions?${RANGE}&format=ndjson&status=active`)).body), []);
    });

    test("kpis: the overall score, each KPI and its components as rows", async () => {
      const kpiRes = await get(`kpis?${RANGE}&format=ndjson`);
      assert.equal(kpiRes.headers["x-export-rows"], "13");
      const rows = readNdjson(kpiRes.body);
      assert.equal(rows.length, 13);
      const kpis = (await t.call({ method: "GET", url: `${API}/kpis?${RANGE}` })).json();
      assert.deepEqual(rows[0], {
        period_from: PERIOD.from,
        period_to: PERIOD.to,
        kpi: "overall",
        component: null,
        value: null,
        target: null,
        score: kpis.overall,
        weight: null,
      });
      const health = rows.filter((r) => r.kpi === "system_health");
      assert.equal(health[0]?.score, kpis.system_health.score);
      assert.deepEqual(
        health.slice(1).map((r) => [r.component, r.value, r.target]),
        [
          ["error_rate", 0.5, 0.01], // one 5xx of two requests
          ["response_time_p95_ms", 238.125, 500], // numpy linear: 12.5 + 0.95 · 237.5
          ["resource_use_percent", null, 70],
        ],
      );
    });

    test("timeseries: a metric's buckets over the period", async () => {
      const rows = readCsv((await get(`timeseries?${RANGE}&format=csv&metric=events&interval=hour`)).body);
      assert.deepEqual(rows, [{ timestamp: PERIOD.from, metric: "events", unit: "events", value: "6" }]);
      const twoHours = `from=${PERIOD.from}&to=${iso(T0 + 7_200_000)}`;
      const rt = readNdjson((await get(`timeseries?${twoHours}&format=ndjson&metric=response_time`)).body);
      assert.deepEqual(
        rt.map((r) => [r.timestamp, r.value]),
        [
          [PERIOD.from, 131.25], // mean of 12.5 and 250
          [iso(T0 + 3_600_000), null],
        ],
      );
    });

    test("reports/:type: the report's tables as rows, one table column first", async () => {
      const res = await get(`reports/user_behavior?${RANGE}&format=ndjson`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(
        res.headers["content-disposition"],
        'attachment; filename="report_user_behavior_20261002_090000_20261002_100000.ndjson"',
      );
      const rows = readNdjson(res.body);
      const expected = (await t.service.reports.tables("user_behavior", PERIOD)).flatMap((table) =>
        table.rows.map((cells) => ({
          report_table: table.name,
          ...Object.fromEntries(table.columns.map((c, i) => [c, cells[i]])),
        })),
      );
      // Each row holds its own table's cells; the other tables' columns are null.
      assert.deepEqual(
        rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null))),
        expected.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null))),
      );
      assert.deepEqual(
        rows.filter((r) => r.report_table === "most_active_users").map((r) => [r.user_id, r.events]),
        [
          ["u1", 5], // its session's start, two actions, a request and the end
          ["u2", 1],
        ],
      );
      // The hour columns "0".."23" are no XML names: renamed, the original kept.
      const xml = readXml((await get(`reports/user_behavior?${RANGE}&format=xml`)).body) as {
        export: { row: Array<Record<string, unknown>> };
      };
      const friday = xml.export.row.find((r) => r.weekday === "Friday");
      assert.deepEqual(friday?._9, { "#text": "6", "@_key": "9" }); // the six events, Friday 09:00 UTC
      const [entry] = await t.service.audit.page({ action: "exports.reports", limit: 1 });
      assert.equal(entry?.target, "user_behavior");
      assert.equal((await get("reports/weekly")).json().details[0].field, "type");
      assert.equal((await get("reports/user_behavior?event_type=error")).json().details[0].field, "event_type");
    });

    test("each export is audited as exports.<type> with the actor, the filter and the rows written", async () => {
      await get(`events?${RANGE}&format=csv&user_id=u1`);
      const [entry] = await t.service.audit.page({ action: "exports.events", limit: 1 });
      assert.equal(entry?.actor, "admin");
      assert.equal(entry?.outcome, "ok");
      assert.deepEqual(entry?.details, { format: "csv", period: PERIOD, filter: { user_id: "u1" }, rows: 5 });
    });

    test("the library's exportData streams the same bytes", async () => {
      const opened = await t.service.exportData("events", { from: PERIOD.from, to: PERIOD.to, format: "ndjson" });
      assert.equal(opened.fileName, "events_20261002_090000_20261002_100000.ndjson");
      assert.deepEqual(readNdjson((await bytesOf(opened.body)).toString()), listed);
      await assert.rejects(t.service.exportData("events", { format: "xlsx" as never }), /Invalid query/);
    });

    test("400 naming the field; 401 without a key; 403 with an ingest key", async () => {
      const field = async (path: string) => {
        const res = await get(path);
        assert.equal(res.statusCode, 400, path);
        return res.json().details[0].field;
      };
      assert.equal(await field("users"), "type");
      assert.equal(await field("events?format=xlsx"), "format");
      assert.equal(await field("events?event_type=click"), "event_type");
      assert.equal(await field("events?metric=events"), "metric");
      assert.equal(await field("sessions?event_type=error"), "event_type");
      assert.equal(await field("timeseries"), "metric");
      assert.equal(await field("timeseries?metric=nope"), "metric");
      assert.equal(await field("events?format=csv&metadata=true"), "metadata");
      assert.equal(await field(`events?hours=2&${RANGE}`), "hours");
      assert.equal(await field(`events?from=${PERIOD.to}&to=${PERIOD.from}`), "from");
      assert.equal(await field("events?tz=Mars/Olympus"), "tz");
      assert.equal(await field("events?limit=5"), "limit");
      assert.equal((await get("events", null)).statusCode, 401);
      const ingest = await t.call({ method: "POST", url: `${API}/keys`, payload: { name: "i", scopes: ["ingest"] } });
      assert.equal((await get("events", ingest.json().key)).statusCode, 403);
    });
  });
}
