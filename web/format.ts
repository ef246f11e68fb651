import type { Better } from "./types.js";

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });

/** A value with its unit; null is "no data", never 0. */
export function formatValue(value: number | null | undefined, unit = ""): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  switch (unit) {
    case "ms":
      return value >= 10_000 ? `${number.format(value / 1000)} s` : `${number.format(value)} ms`;
    case "%":
      return `${number.format(value)} %`;
    case "cost":
    case "USD":
    case "$":
      return `$${value < 1 ? value.toFixed(4) : number.format(value)}`;
    case "":
    case "count":
      return Math.abs(value) >= 100_000 ? compact.format(value) : number.format(value);
    default:
      // "1 event", "1 run": a count unit is plural everywhere else.
      return `${number.format(value)} ${value === 1 && unit.endsWith("s") ? unit.slice(0, -1) : unit}`;
  }
}

/** An axis tick: the unit only where it changes the reading (ms, %, $), not "events" on every line. */
export function formatTick(value: number, unit: string): string {
  return formatValue(value, ["ms", "%", "cost", "USD", "$"].includes(unit) ? unit : "");
}

/** "good", "bad" or "neutral" for a change, from the direction the figure should go. */
export function changeTone(change: number | null, better: Better): "good" | "bad" | "neutral" {
  if (change === null || change === 0 || better === null) return "neutral";
  return change > 0 === (better === "higher") ? "good" : "bad";
}

export function formatChange(change: number | null): string {
  if (change === null || !Number.isFinite(change)) return "no previous data";
  const arrow = change > 0 ? "▲" : change < 0 ? "▼" : "=";
  // Against a near-empty previous period a rise reads as a multiple: "▲ 5,679×", not "▲ 567,800 %".
  if (change >= 900) {
    const times = 1 + change / 100;
    return `${arrow} ${number.format(times >= 100 ? Math.round(times) : Math.round(times * 10) / 10)}× vs previous`;
  }
  return `${arrow} ${number.format(Math.abs(change))} % vs previous`;
}

/** The change from a previous value, in percent; null when there is nothing to compare with. */
export function changePct(value: number | null, previous: number | null): number | null {
  if (value === null || previous === null || previous === 0) return null;
  return ((value - previous) / Math.abs(previous)) * 100;
}

const timeOnly = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dayTime = new Intl.DateTimeFormat(undefined, {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const dayOnly = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });

/** A bucket's start, as precise as its interval needs. */
export function formatTime(t: number, intervalMs = 3_600_000): string {
  if (intervalMs >= 86_400_000) return dayOnly.format(t);
  return intervalMs >= 3_600_000 ? dayTime.format(t) : timeOnly.format(t);
}

/** An axis label: the time of day alone while the chart spans a day or less. */
export function formatAxisTime(t: number, intervalMs: number, spanMs: number): string {
  if (intervalMs < 86_400_000 && spanMs <= 86_400_000) return timeOnly.format(t);
  return formatTime(t, intervalMs);
}

export function formatAgo(iso: string | null, now = Date.now()): string {
  if (!iso) return "no events yet";
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}
