import type { Cell } from "../document.js";

/** A cell as people read it: numbers to 3 decimals (3 significant digits below 1), a dash for a missing figure. */
export function displayCell(v: Cell): string {
  if (v === null) return "–";
  if (typeof v === "number") {
    if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
    return String(Number(Math.abs(v) >= 1 ? v.toFixed(3) : v.toPrecision(3)));
  }
  return String(v);
}

/** Text safe anywhere in HTML or SVG (element content and quoted attribute values). */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
