import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestApp, testApp } from "../helpers/test-app.js";
import { load, recentRequests } from "../reports/fixture.js";

const URL_OF = (type: string, q = "") => `/api/analytics/reports/${type}${q ? `?${q}` : ""}`;

describe("GET /api/analytics/reports/:type", () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
    await load(t, recentRequests());
  });
  after(() => t.close());

  test("json: the report object, p95 of 1..100 ms = 95.05, no attachment header", async () => {
    const res = await t.call({ method: "GET", url: URL_OF("technical_report", "hours=1") });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers["content-type"], "application/json; charset=utf-8");
    assert.equal(res.headers["content-disposition"], undefined);
    const body = res.json();
    assert.equal(body.report_type, "technical_report");
    assert.equal(body.performance.p95_response_time, 95.05);
    assert.equal(body.period.duration_hours, 1);
  });

  test("html, md and csv: their media type and an attachment with a safe file name", async () => {
    const media = {
      html: "text/html; charset=utf-8",
      md: "text/markdown; charset=utf-8",
      csv: "text/csv; charset=utf-8; header=present",
    };
    for (const [format, type] of Object.entries(media)) {
      const res = await t.call({ method: "GET", url: URL_OF("user_behavior", `format=${format}&tz=Europe/Paris`) });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers["content-type"], type);
      assert.match(
        String(res.headers["content-disposition"]),
        new RegExp(`^attachment; filename="user_behavior_\\d{8}_\\d{6}\\.${format}"$`),
      );
    }
    const html = await t.call({ method: "GET", url: URL_OF("executive_summary", "format=html") });
    assert.match(html.body, /^<!DOCTYPE html>/);
    assert.ok(!/<script/i.test(html.body));
  });

  test("400 naming type, format and the period's fields; 401 without a key, 403 with an ingest key", async () => {
    const field = async (url: string) => {
      const res = await t.call({ method: "GET", url });
      assert.equal(res.statusCode, 400, url);
      assert.match(String(res.headers["content-type"]), /^application\/json/);
      return res.json().details[0].field;
    };
    const unknown = await t.call({ method: "GET", url: URL_OF("weekly") });
    assert.deepEqual(unknown.json(), {
      error: "Unknown report type: weekly",
      details: [{ field: "type", message: "must be one of executive_summary, technical_report, user_behavior" }],
    });
    assert.equal(await field(URL_OF("technical_report", "format=xml")), "format");
    assert.equal(await field(URL_OF("technical_report", "format=pdf")), "format");
    assert.equal(await field(URL_OF("technical_report", "hours=2&from=2026-01-01T00:00:00Z")), "hours");
    assert.equal(await field(URL_OF("technical_report", "tz=Mars/Olympus")), "tz");
    assert.equal(await field(URL_OF("technical_report", "hours=0")), "hours");
    assert.equal(await field(URL_OF("technical_report", "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")), "from");
    assert.equal((await t.call({ method: "GET", url: URL_OF("technical_report"), key: null })).statusCode, 401);
    const ingest = await t.call({
      method: "POST",
      url: "/api/analytics/keys",
      payload: { name: "i", scopes: ["ingest"] },
    });
    const forbidden = await t.call({ method: "GET", url: URL_OF("technical_report"), key: ingest.json().key });
    assert.equal(forbidden.statusCode, 403);
  });
});
