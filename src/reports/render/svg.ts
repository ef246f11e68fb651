import type { Chart } from "../document.js";
import { displayCell, escapeHtml } from "./cells.js";

const WIDTH = 640;
const BAR_HEIGHT = 18;
const BAR_GAP = 6;
const LABEL_WIDTH = 200;
const LINE_HEIGHT = 220;
const PAD = 32;
const COLOURS = ["#2f6db5", "#d9822b", "#3a9b5c", "#b5402f"];

/** Room for a label in the bar chart's left column: long ones are cut with an ellipsis (the table has them whole). */
function cut(label: string, max = 30): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/** The accessible frame of every chart: role img, a <title> and a <desc> listing the values. */
function frame(chart: Chart, id: string, height: number, body: string): string {
  const values = chart.series
    .map((s) => `${s.name}: ${chart.labels.map((l, i) => `${l} ${displayCell(s.values[i] ?? null)}`).join(", ")}`)
    .join("; ");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 ${WIDTH} ${height}" ` +
    `width="${WIDTH}" height="${height}" aria-labelledby="${id}-t ${id}-d">` +
    `<title id="${id}-t">${escapeHtml(chart.title)} (${escapeHtml(chart.unit)})</title>` +
    `<desc id="${id}-d">${escapeHtml(values)}</desc>${body}</svg>`
  );
}

/** Horizontal bars, one per label (the first series), scaled to the largest value; 0, negatives and nulls draw no bar. */
export function barChart(chart: Chart, id: string): string {
  const values = chart.series[0]?.values ?? [];
  const max = Math.max(0, ...values.filter((v): v is number => v !== null && Number.isFinite(v)));
  const room = WIDTH - LABEL_WIDTH - 80;
  const rows = chart.labels.map((label, i) => {
    const v = values[i] ?? null;
    const y = PAD / 2 + i * (BAR_HEIGHT + BAR_GAP);
    const w = v !== null && v > 0 && max > 0 ? Math.max(1, (v / max) * room) : 0;
    return (
      `<text x="${LABEL_WIDTH - 6}" y="${y + 13}" text-anchor="end">${escapeHtml(cut(label))}</text>` +
      `<rect x="${LABEL_WIDTH}" y="${y}" width="${w.toFixed(1)}" height="${BAR_HEIGHT}" fill="${COLOURS[0]}"/>` +
      `<text x="${(LABEL_WIDTH + w + 4).toFixed(1)}" y="${y + 13}">${escapeHtml(displayCell(v))}</text>`
    );
  });
  return frame(chart, id, PAD / 2 + chart.labels.length * (BAR_HEIGHT + BAR_GAP), rows.join(""));
}

/** Lines over evenly spaced labels, one per series, from 0 to the largest value; a null breaks the line. */
export function lineChart(chart: Chart, id: string): string {
  const all = chart.series.flatMap((s) => s.values).filter((v): v is number => v !== null && Number.isFinite(v));
  const max = Math.max(0, ...all);
  const n = chart.labels.length;
  const x = (i: number) => PAD + (n > 1 ? (i / (n - 1)) * (WIDTH - 2 * PAD) : (WIDTH - 2 * PAD) / 2);
  const y = (v: number) => LINE_HEIGHT - PAD - (max > 0 ? (v / max) * (LINE_HEIGHT - 2 * PAD) : 0);
  const paths = chart.series.map((s, k) => {
    let d = "";
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${x(i).toFixed(1)} ${y(v).toFixed(1)} `;
      pen = true;
    });
    const colour = COLOURS[k % COLOURS.length];
    return `<path d="${d.trim()}" fill="none" stroke="${colour}" stroke-width="2"/>`;
  });
  const axis =
    `<line x1="${PAD}" y1="${LINE_HEIGHT - PAD}" x2="${WIDTH - PAD}" y2="${LINE_HEIGHT - PAD}" stroke="#999"/>` +
    `<text x="${PAD}" y="${PAD - 8}">${escapeHtml(displayCell(max))} ${escapeHtml(chart.unit)}</text>` +
    `<text x="${PAD}" y="${LINE_HEIGHT - 8}">${escapeHtml(chart.labels[0] ?? "")}</text>` +
    `<text x="${WIDTH - PAD}" y="${LINE_HEIGHT - 8}" text-anchor="end">${escapeHtml(chart.labels.at(-1) ?? "")}</text>`;
  const legend = chart.series
    .map(
      (s, k) =>
        `<text x="${WIDTH - PAD}" y="${PAD - 8 + k * 14}" text-anchor="end" fill="${COLOURS[k % COLOURS.length]}">${escapeHtml(s.name)}</text>`,
    )
    .join("");
  return frame(chart, id, LINE_HEIGHT, axis + paths.join("") + legend);
}

export function svgChart(chart: Chart, id: string): string {
  return chart.kind === "bar" ? barChart(chart, id) : lineChart(chart, id);
}
