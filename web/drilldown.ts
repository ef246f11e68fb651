// The events behind a clicked bar, slice, point or row: a paged table, each event's JSON on demand.
import { type Api, isAbort, query } from "./api.js";
import { h } from "./dom.js";
import type { EventsPage, StoredEvent } from "./types.js";

export interface DrillQuery {
  title: string;
  /** The /events filters: page filters, the clicked group, the period or the clicked bucket. */
  params: Record<string, string | undefined>;
}

const PAGE_SIZE = 50;

function eventRow(e: StoredEvent): HTMLElement[] {
  const json = h("pre", { class: "event-json" }, JSON.stringify(e, null, 2));
  const detail = h("tr", { class: "event-detail", hidden: true }, h("td", { colspan: 4 }, json));
  const row = h(
    "tr",
    { class: "clickable", tabindex: 0, "aria-expanded": "false" },
    h("td", {}, new Date(e.timestamp).toLocaleString()),
    h("td", {}, e.event_type),
    h("td", {}, e.user_id ?? "—"),
    h("td", { class: "summary" }, JSON.stringify(e.data).slice(0, 120)),
  );
  const toggle = () => {
    detail.hidden = !detail.hidden;
    row.setAttribute("aria-expanded", String(!detail.hidden));
  };
  row.addEventListener("click", toggle);
  row.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") toggle();
  });
  return [row, detail];
}

/** Opens the panel; closing it (button or Escape) aborts its requests. */
export function openDrilldown(api: Api, drill: DrillQuery): void {
  document.querySelector(".drilldown")?.dispatchEvent(new Event("close"));
  const abort = new AbortController();
  const tbody = h("tbody");
  const status = h("p", { class: "note", role: "status" }, "Loading events…");
  const more = h("button", { type: "button", hidden: true }, "Load more");
  const close = h("button", { type: "button", class: "close", "aria-label": "Close" }, "✕");
  const filters = Object.entries(drill.params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => h("li", {}, h("code", {}, k), " = ", String(v)));
  const panel = h(
    "aside",
    { class: "drilldown", role: "dialog", "aria-label": `Events: ${drill.title}` },
    h("header", {}, h("h2", {}, `Events: ${drill.title}`), close),
    h("ul", { class: "drill-filters" }, ...filters),
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        {},
        h("thead", {}, h("tr", {}, h("th", {}, "time"), h("th", {}, "type"), h("th", {}, "user"), h("th", {}, "data"))),
        tbody,
      ),
    ),
    status,
    more,
  );
  let cursor: string | undefined;
  let shown = 0;
  const load = async () => {
    more.hidden = true;
    try {
      const page = await api.request<EventsPage>(`/events${query({ ...drill.params, limit: PAGE_SIZE, cursor })}`, {
        signal: abort.signal,
      });
      for (const e of page.events) tbody.append(...eventRow(e));
      shown += page.events.length;
      cursor = page.next_cursor ?? undefined;
      more.hidden = page.next_cursor === null;
      status.textContent =
        shown === 0
          ? "No events match."
          : `${shown} events shown${page.next_cursor ? "" : " (all)"}. Click one for its JSON.`;
    } catch (err) {
      if (!isAbort(err)) status.textContent = `Could not read the events: ${(err as Error).message}`;
    }
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Escape") shut();
  };
  const shut = () => {
    abort.abort();
    panel.remove();
    document.removeEventListener("keydown", onKey);
  };
  close.addEventListener("click", shut);
  more.addEventListener("click", () => void load());
  panel.addEventListener("close", shut);
  document.addEventListener("keydown", onKey);
  document.body.append(panel);
  close.focus();
  void load();
}
