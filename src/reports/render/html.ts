import type { ReportDocument, Table } from "../document.js";
import { displayCell, escapeHtml } from "./cells.js";
import { svgChart } from "./svg.js";

/** A printable page: system fonts, tables that do not split across pages, charts kept with their section. */
const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2430; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #2f6db5; padding-bottom: 0.2rem; margin-top: 2rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 0.4rem; }
.subtitle { color: #5a6472; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin-bottom: 0.8rem; page-break-inside: avoid; }
th, td { border: 1px solid #d5dae1; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f0f3f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.none { color: #5a6472; font-style: italic; }
svg.chart { max-width: 100%; height: auto; font-size: 11px; fill: #1d2430; }
figure { margin: 1rem 0; page-break-inside: avoid; }
figcaption { color: #5a6472; font-size: 0.9rem; }
section { page-break-inside: avoid; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } }
`;

function htmlTable(t: Table): string {
  const title = `<h3>${escapeHtml(t.title)}</h3>`;
  if (!t.rows.length) return `${title}<p class="none">None in the period.</p>`;
  const head = t.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join("");
  const body = t.rows
    .map(
      (r) =>
        `<tr>${r.map((c) => `<td${typeof c === "number" ? ' class="num"' : ""}>${escapeHtml(displayCell(c))}</td>`).join("")}</tr>`,
    )
    .join("\n");
  return `${title}<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/**
 * The report as one self-contained HTML page: inline CSS, charts as inline SVG, no scripts and
 * nothing loaded from elsewhere; every value escaped.
 */
export function renderHtml(doc: ReportDocument): string {
  let charts = 0;
  const sections = doc.sections.map((s) => {
    const notes = s.notes.map((n) => `<p>${escapeHtml(n)}</p>`).join("");
    const svgs = s.charts
      .map(
        (c) =>
          `<figure>${svgChart(c, `chart${++charts}`)}<figcaption>${escapeHtml(c.title)} (${escapeHtml(c.unit)})</figcaption></figure>`,
      )
      .join("");
    return `<section><h2>${escapeHtml(s.heading)}</h2>${notes}${svgs}${s.tables.map(htmlTable).join("\n")}</section>`;
  });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(doc.title)}</h1><p class="subtitle">${escapeHtml(doc.subtitle)}</p></header>
${sections.join("\n")}
</body>
</html>
`;
}
