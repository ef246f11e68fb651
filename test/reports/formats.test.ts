import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import { type Browser, chromium } from "playwright-core";
import { REPORT_TYPES, type ReportFormat, type ReportType } from "../../src/reports/produce.js";
import { type TestApp, testApp } from "../helpers/test-app.js";
import { fixtureEvents, load, mondayBase, periodOf, SCRIPT_ERROR } from "./fixture.js";

/** The CSV's tables by name: each starts with a `section,<name>` row, then its header. */
function csvTables(body: string): Map<string, string[][]> {
  const rows = parse(body, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  const tables = new Map<string, string[][]>();
  let current: string[][] = [];
  for (const r of rows) {
    if (r[0] === "section" && r.length === 2) {
      current = [];
      tables.set(r[1] as string, current);
    } else current.push(r);
  }
  return tables;
}

/** Cells of a Markdown table row, split on the `|` that are not escaped. */
const mdCells = (line: string) =>
  line
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((c) => c.replace(/\\\|/g, "|"));

describe("every report in every format, parsed back", () => {
  let t: TestApp;
  let browser: Browser;
  const period = periodOf(mondayBase());
  const produce = (type: ReportType, format: ReportFormat) => t.service.reports.produce({ type, format, period });
  before(async () => {
    t = await testApp();
    await load(t, fixtureEvents(mondayBase()));
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  });
  after(async () => {
    await browser?.close();
    await t.close();
  });

  test("json: the report object itself; media type and file name", async () => {
    for (const type of REPORT_TYPES) {
      const p = await produce(type, "json");
      const parsed = JSON.parse(p.body) as { generated_at: string };
      const again = await t.service.generateReport(type, period);
      assert.deepEqual({ ...parsed, generated_at: "" }, { ...again, generated_at: "" });
      assert.equal(p.contentType, "application/json; charset=utf-8");
      assert.match(p.fileName, new RegExp(`^${type}_\\d{8}_\\d{6}\\.json$`));
    }
  });

  test("csv: RFC 4180 read back by csv-parse, a section row before each table, figures at full precision", async () => {
    const tech = await produce("technical_report", "csv");
    assert.equal(tech.contentType, "text/csv; charset=utf-8; header=present");
    assert.ok(tech.body.includes("\r\n") && !/[^\r]\n/.test(tech.body), "CRLF line ends only");
    const tables = csvTables(tech.body);
    const perf = Object.fromEntries((tables.get("performance") ?? []).slice(1));
    assert.deepEqual(
      [perf.total_requests, perf.p50_response_time_ms, perf.p95_response_time_ms],
      ["100", "50.5", "95.05"],
    );
    assert.deepEqual(tables.get("errors_by_type"), [
      ["error_type", "events"],
      [SCRIPT_ERROR, "1"],
    ]);
    assert.deepEqual(tables.get("error_messages"), [
      ["message", "events"],
      ["boom <b>bold</b>", "1"],
    ]);
    assert.deepEqual(tables.get("anomalies")?.[0], [
      "timestamp",
      "metric",
      "actual",
      "expected",
      "severity",
      "description",
    ]);
    const user = csvTables((await produce("user_behavior", "csv")).body);
    assert.deepEqual(user.get("action_ranking"), [
      ["action", "count"],
      ["click", "6"],
      ["view", "3"],
      ["search", "2"],
    ]);
    assert.equal(user.get("activity_by_weekday_and_hour")?.length, 8);
    assert.equal(user.get("activity_by_weekday_and_hour")?.[0]?.length, 25);
    const exec = csvTables((await produce("executive_summary", "csv")).body);
    assert.deepEqual([...exec.keys()], ["key_metrics", "kpis", "trends", "recommendations"]);
    // Each recommendation reads back as its five fields.
    const recs = exec.get("recommendations") ?? [];
    assert.ok(recs.length > 1 && recs.slice(1).every((r) => r.length === 5));
  });

  test("tables(): the CSV's tables as rows, for exports", async () => {
    const tables = await t.service.reports.tables("technical_report", period);
    const csv = csvTables((await produce("technical_report", "csv")).body);
    assert.deepEqual(
      tables.map((x) => x.name),
      [...csv.keys()],
    );
    const perf = tables.find((x) => x.name === "performance");
    assert.deepEqual(
      perf?.rows.find((r) => r[0] === "p95_response_time_ms"),
      ["p95_response_time_ms", 95.05],
    );
  });

  test("md: every table row has its header's cell count; HTML in values is escaped", async () => {
    for (const type of REPORT_TYPES) {
      const p = await produce(type, "md");
      assert.equal(p.contentType, "text/markdown; charset=utf-8");
      const lines = p.body.split("\n");
      let width = 0;
      for (const line of lines) {
        if (!line.startsWith("| ")) {
          width = 0;
          continue;
        }
        const n = mdCells(line).length;
        if (width === 0) width = n;
        assert.equal(n, width, `${type}: ${line}`);
      }
      assert.ok(!p.body.includes("<script"), type);
    }
    const tech = (await produce("technical_report", "md")).body;
    assert.ok(tech.includes("| &lt;script&gt;alert(1)&lt;/script&gt; | 1 |"));
    assert.ok(tech.includes("| p95_response_time_ms | 95.05 |"));
  });

  test("html: no script element at all, the script-tag error type shown as text, charts as titled inline SVG", async () => {
    for (const type of REPORT_TYPES) {
      const p = await produce(type, "html");
      assert.equal(p.contentType, "text/html; charset=utf-8");
      assert.ok(!/<script/i.test(p.body), `${type}: no script tag in the text`);
      const page = await browser.newPage();
      try {
        await page.setContent(p.body);
        const seen = await page.evaluate(() => ({
          scripts: document.querySelectorAll("script").length,
          svgs: [...document.querySelectorAll("svg")].map((s) => ({
            role: s.getAttribute("role"),
            title: s.querySelector("title")?.textContent ?? "",
          })),
          text: document.body.textContent ?? "",
          cells: [...document.querySelectorAll("td")].map((td) => td.textContent),
        }));
        assert.equal(seen.scripts, 0, type);
        assert.ok(seen.svgs.length > 0, `${type}: charts`);
        for (const s of seen.svgs) {
          assert.equal(s.role, "img");
          assert.ok(s.title.length > 0);
        }
        if (type === "technical_report") {
          assert.ok(seen.cells.includes(SCRIPT_ERROR), "the error type reads as text");
          assert.ok(seen.cells.includes("boom <b>bold</b>"));
          assert.ok(seen.cells.includes("95.05"));
        }
      } finally {
        await page.close();
      }
    }
  });

  test("a format that does not fit is refused naming format, never rendered as another", async () => {
    await assert.rejects(
      t.service.reports.produce({ type: "technical_report", format: "xml" as ReportFormat, period }),
      (err: Error & { details?: Array<{ field: string }> }) => err.details?.[0]?.field === "format",
    );
  });
});
