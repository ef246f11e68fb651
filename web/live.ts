// The real-time panel follows GET /stream. EventSource cannot send an Authorization header, so the
// stream is read with fetch() and a reader; leaving the page (or logging out) aborts it.
import { type Api, isAbort } from "./api.js";
import { h } from "./dom.js";
import { formatAgo, formatValue } from "./format.js";
import { sseData } from "./sse.js";
import type { RealTimeSnapshot } from "./types.js";

interface Tile {
  label: string;
  id: string;
  value(s: RealTimeSnapshot): string;
}

const TILES: Tile[] = [
  { label: "Events stored", id: "total-events", value: (s) => formatValue(s.warehouse_stats.total_events) },
  {
    label: "Events / min (1 min)",
    id: "events-per-minute",
    value: (s) => formatValue(s.windows["1m"].events_per_minute),
  },
  { label: "Active users (1 h)", id: "active-users", value: (s) => formatValue(s.windows["60m"].active_users) },
  { label: "Active sessions", id: "active-sessions", value: (s) => formatValue(s.warehouse_stats.active_sessions) },
  {
    label: "Error rate (5 min)",
    id: "error-rate",
    value: (s) => formatValue(s.windows["5m"].errors.combined_error_rate, "%"),
  },
  { label: "p95 response (5 min)", id: "p95", value: (s) => formatValue(s.windows["5m"].response_time.p95, "ms") },
  {
    label: "Cognitive success (15 min)",
    id: "cognitive-success",
    value: (s) => formatValue(s.windows["15m"].cognitive.success_rate, "%"),
  },
];

/** The live tiles; returns the panel and a stop function. */
export function livePanel(api: Api): { el: HTMLElement; stop(): void } {
  const values = new Map(TILES.map((t) => [t.id, h("strong", { class: "live-value", "data-live": t.id }, "…")]));
  const status = h("span", { class: "live-status" }, "connecting…");
  const el = h(
    "section",
    { class: "live", "aria-label": "Live", "aria-live": "off" },
    h("header", {}, h("h2", {}, h("span", { class: "dot" }), "Live"), status),
    h(
      "div",
      { class: "live-tiles" },
      ...TILES.map((t) => h("div", { class: "live-tile" }, h("span", {}, t.label), values.get(t.id) as HTMLElement)),
    ),
  );
  const abort = new AbortController();
  const show = (s: RealTimeSnapshot) => {
    for (const t of TILES) {
      const v = t.value(s);
      const node = values.get(t.id) as HTMLElement;
      if (node.textContent !== v) node.textContent = v;
    }
    status.textContent = `updated ${formatAgo(s.timestamp)}`;
    el.classList.add("connected");
  };
  const follow = async () => {
    while (!abort.signal.aborted) {
      try {
        const res = await api.raw("/stream", abort.signal);
        if (!res.body) throw new Error("the stream has no body");
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        const buffer = { text: "" };
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer.text += value.replace(/\r\n/g, "\n");
          for (const data of sseData(buffer)) show(JSON.parse(data) as RealTimeSnapshot);
        }
      } catch (err) {
        if (isAbort(err)) return;
        status.textContent = `disconnected (${(err as Error).message}); retrying`;
      }
      el.classList.remove("connected");
      await new Promise((r) => setTimeout(r, 2000));
    }
  };
  void follow();
  return { el, stop: () => abort.abort() };
}
