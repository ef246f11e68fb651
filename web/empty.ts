import { docsLink, h } from "./dom.js";
import type { WidgetDef } from "./types.js";

const COGNITIVE = /membrane|model|processing_time|tokens|cost|success/;
const API = /endpoint|status|response_time/;

/** Which events fill a widget, from what it measures, so an empty state can say what to send. */
export function eventTypeFor(def: WidgetDef): string | null {
  const c = def.configuration;
  const text = JSON.stringify([c.measure, c.metric, c.breakdown, c.filter, def.title]).toLowerCase();
  if (text.includes("error_type")) return "error";
  if (COGNITIVE.test(text) || text.includes("cognitive")) return "cognitive_process";
  if (API.test(text)) return "api_request";
  return null;
}

const NOUN: Record<string, string> = {
  cognitive_process: "cognitive runs",
  api_request: "API requests",
  error: "errors",
};

/** "No cognitive runs in this period — send `cognitive_process` events", with a link to the API docs. */
export function emptyState(def: WidgetDef, filtered: boolean): HTMLElement {
  const type = eventTypeFor(def);
  const what = type ? NOUN[type] : "events";
  return h(
    "div",
    { class: "empty" },
    `No ${what} in this period${filtered ? " matching the filters" : ""} — send `,
    h("code", {}, type ?? "track"),
    " events (see the ",
    docsLink(),
    ").",
  );
}
