import assert from "node:assert/strict";
import { test } from "node:test";
import { parse } from "csv-parse/sync";
import type { ReportDocument } from "../../src/reports/document.js";
import { renderCsv } from "../../src/reports/render/csv.js";
import { renderHtml } from "../../src/reports/render/html.js";
import { renderMarkdown } from "../../src/reports/render/md.js";
import { barChart, lineChart } from "../../src/reports/render/svg.js";

const NASTY = 'a,b "quoted"\r\nnext <script>x</script> | pipe & \\';

const doc: ReportDocument = {
  title: "T <i>",
  subtitle: "period & zone",
  sections: [
    {
      heading: "S",
      notes: ["note <b>"],
      tables: [
        {
          name: "first",
          title: "First",
          columns: ["name", "value", "flag"],
          rows: [
            [NASTY, 1.23456789, true],
            [null, null, false],
          ],
        },
        { name: "empty", title: "Empty", columns: ["x"], rows: [] },
      ],
      charts: [
        {
          kind: "bar",
          title: "Bars <b>",
          labels: ["<a>", "b"],
          series: [{ name: "n", values: [2, null] }],
          unit: "ms",
        },
      ],
    },
  ],
};

test("csv: every value read back exactly by csv-parse; an empty table keeps its section and header rows", () => {
  const rows = parse(renderCsv(doc), { relax_column_count: true, skip_empty_lines: true }) as string[][];
  assert.deepEqual(rows, [
    ["section", "first"],
    ["name", "value", "flag"],
    [NASTY, "1.23456789", "true"],
    ["", "", "false"],
    ["section", "empty"],
    ["x"],
  ]);
});

test("md: escaped pipes, backslashes and HTML; numbers to 3 decimals; a missing figure is a dash", () => {
  const md = renderMarkdown(doc);
  assert.ok(md.startsWith("# T &lt;i&gt;\n"));
  assert.ok(
    md.includes(
      '| a,b "quoted" next &lt;script&gt;x&lt;/script&gt; \\| pipe &amp; \\\\ | 1.235 | true |\n| – | – | false |',
    ),
    md,
  );
  assert.ok(md.includes("### Empty\n\n_None in the period._"));
});

test("html: everything escaped, no script, the chart's title and values in its accessible text", () => {
  const html = renderHtml(doc);
  assert.ok(!/<script/i.test(html));
  assert.ok(html.includes("<title>T &lt;i&gt;</title>"));
  assert.ok(html.includes("&lt;script&gt;x&lt;/script&gt; | pipe &amp; \\"));
  assert.ok(html.includes("<p>note &lt;b&gt;</p>"));
  assert.ok(
    html.includes('<title id="chart1-t">Bars &lt;b&gt; (ms)</title><desc id="chart1-d">n: &lt;a&gt; 2, b –</desc>'),
  );
  assert.ok(html.includes('<p class="none">None in the period.</p>'));
});

test("svg: bars scale to the largest value and a null draws none; a null breaks a line", () => {
  const bars = barChart(
    { kind: "bar", title: "t", labels: ["x", "y", "z"], series: [{ name: "n", values: [10, 5, null] }], unit: "u" },
    "c",
  );
  const widths = [...bars.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
  assert.equal(widths.length, 3);
  assert.equal(widths[0], 2 * (widths[1] as number));
  assert.equal(widths[2], 0);
  const line = lineChart(
    {
      kind: "line",
      title: "t",
      labels: ["1", "2", "3", "4"],
      series: [{ name: "n", values: [1, 2, null, 4] }],
      unit: "u",
    },
    "l",
  );
  const d = /<path d="([^"]*)"/.exec(line)?.[1] ?? "";
  assert.equal((d.match(/M/g) ?? []).length, 2, d);
  assert.equal((d.match(/L/g) ?? []).length, 1, d);
});
