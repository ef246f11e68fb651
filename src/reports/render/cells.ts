import type { Cell } from "../document.js";

/** A cell as people read it: numbers to at most 3 decimals, a dash for a missing figure. */
export function displayCell(v: Cell): string {
  if (v === null) return "–";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(3)));
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
