// One dashboard: its widgets drawn from `layout` + `widgets`, refreshed every `refresh_seconds`,
// with the data's freshness and the alerts of the period. Stopping the view aborts its requests.
import { alertList } from "./alerts.js";
import { type Api, isAbort, query, whenSlow } from "./api.js";
import { append, h } from "./dom.js";
import { openDrilldown } from "./drilldown.js";
import { formatAgo } from "./format.js";
import { apiParams, PAGE_FILTERS, type PageFilter, type ViewState } from "./state.js";
import type { DashboardAnswer } from "./types.js";
import { type Drill, renderWidget } from "./widgets.js";

/** Fields /events filters by, so a drill-down shows exactly the clicked group's events. */
const EVENT_FILTERS = new Set([
  "event_type",
  "user_id",
  "endpoint",
  "membrane_type",
  "model",
  "status_class",
  "error_type",
]);

export interface ViewHooks {
  /** Narrows the whole page (a page filter from a click). */
  narrow(filter: PageFilter, value: string): void;
  edit(answer: DashboardAnswer): void;
  create(): void;
}

export function dashboardView(
  api: Api,
  state: ViewState,
  hooks: ViewHooks,
): { el: HTMLElement; stop(): void; redraw(): void } {
  const abort = new AbortController();
  const status = h("p", { class: "view-status", role: "status" }, "Loading…");
  const heading = h("div", { class: "view-heading" });
  const grid = h("div", { class: "grid" });
  const alerts = h("div", { class: "alerts-slot" });
  const el = h("div", { class: "view" }, heading, status, grid, alerts);
  let destroyers: (() => void)[] = [];
  let last: DashboardAnswer | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const params = apiParams(state, Intl.DateTimeFormat().resolvedOptions().timeZone);
  const filtered = Object.keys(state.filters).length > 0;

  const drill = (d: Drill) => {
    if (!last) return;
    const events: Record<string, string | undefined> = {
      from: new Date(d.from ?? Date.parse(last.time_range.start)).toISOString(),
      to: new Date(d.to ?? Date.parse(last.time_range.end)).toISOString(),
    };
    for (const f of PAGE_FILTERS) events[f] = state.filters[f];
    if (d.field && d.value !== undefined && d.value !== null && EVENT_FILTERS.has(d.field)) events[d.field] = d.value;
    // Narrowing the page replaces this view (and closes any open panel), so it comes first.
    if (d.field && d.value && (PAGE_FILTERS as readonly string[]).includes(d.field))
      hooks.narrow(d.field as PageFilter, d.value);
    openDrilldown(api, { title: d.title, params: events });
  };

  const draw = (answer: DashboardAnswer) => {
    for (const d of destroyers) d();
    const drawn = answer.layout.map((def) =>
      renderWidget(def, answer.widgets[def.widget_id], { filtered, onDrill: drill }),
    );
    destroyers = drawn.map((w) => w.destroy);
    grid.replaceChildren(...drawn.map((w) => w.el));
    if (answer.layout.length === 0)
      grid.append(
        h("p", { class: "empty" }, "This dashboard has no widgets yet.", answer.builtin ? "" : " Edit it to add some."),
      );
    heading.replaceChildren();
    append(
      heading,
      h("h1", {}, answer.dashboard_name),
      answer.description ? h("p", { class: "description" }, answer.description) : null,
      h(
        "div",
        { class: "view-actions" },
        answer.builtin ? null : h("button", { type: "button", onclick: () => hooks.edit(answer) }, "Edit dashboard"),
        h("button", { type: "button", onclick: hooks.create }, "New dashboard"),
      ),
    );
  };

  const freshness = (answer: DashboardAnswer) =>
    `${new Date(answer.time_range.start).toLocaleString()} – ${new Date(answer.time_range.end).toLocaleString()} · newest event ${formatAgo(answer.newest_event)} · refreshed ${new Date(answer.generated_at).toLocaleTimeString()} (every ${answer.refresh_seconds} s)`;

  const load = async () => {
    el.classList.add("loading");
    try {
      const answer = await whenSlow(
        api.request<DashboardAnswer>(`/dashboard/${encodeURIComponent(state.dashboard)}${query(params)}`, {
          signal: abort.signal,
        }),
        () => {
          status.textContent = "Still loading… (a long range takes a while; the page stays usable)";
        },
      );
      last = answer;
      draw(answer);
      status.textContent = freshness(answer);
      status.classList.remove("error");
      timer = setTimeout(() => void load(), answer.refresh_seconds * 1000);
      alertList(api, params, abort.signal).then(
        (list) => alerts.replaceChildren(list),
        (err: unknown) => {
          if (!isAbort(err))
            alerts.replaceChildren(h("p", { class: "error" }, `Alerts could not be read: ${(err as Error).message}`));
        },
      );
    } catch (err) {
      if (isAbort(err)) return;
      status.textContent = `Could not load the dashboard: ${(err as Error).message}`;
      status.classList.add("error");
      timer = setTimeout(() => void load(), 30_000);
    } finally {
      el.classList.remove("loading");
    }
  };
  void load();
  return {
    el,
    stop: () => {
      abort.abort();
      clearTimeout(timer);
      for (const d of destroyers) d();
    },
    redraw: () => {
      if (last) draw(last);
    },
  };
}
