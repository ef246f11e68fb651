import type { ReportDocument, Table } from "../document.js";
import { displayCell } from "./cells.js";

/** Text inside a Markdown table cell: no line breaks, `|` and `\` escaped, no raw HTML. */
function mdText(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\r\n]+/g, " ");
}

function mdTable(t: Table): string {
  const head = `| ${t.columns.map(mdText).join(" | ")} |`;
  const rule = `| ${t.columns.map(() => "---").join(" | ")} |`;
  const body = t.rows.map((r) => `| ${r.map((c) => mdText(displayCell(c))).join(" | ")} |`);
  return [
    `### ${mdText(t.title)}`,
    "",
    ...(t.rows.length ? [head, rule, ...body] : ["_None in the period._"]),
    "",
  ].join("\n");
}

/** The report as Markdown: a heading per section, its notes, its tables (charts are the tables' figures). */
export function renderMarkdown(doc: ReportDocument): string {
  const out = [`# ${mdText(doc.title)}`, "", `_${mdText(doc.subtitle)}_`, ""];
  for (const s of doc.sections) {
    out.push(`## ${mdText(s.heading)}`, "");
    for (const n of s.notes) out.push(mdText(n), "");
    for (const t of s.tables) out.push(mdTable(t));
  }
  return out.join("\n");
}
