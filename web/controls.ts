// The page's controls: dashboard picker, date range (presets with keys 1–4, and custom), comparison,
// and the page filters. Each change becomes the new view state, which the address bar keeps.
import { EVENT_TYPES } from "../src/model/event-types.js";
import { h } from "./dom.js";
import { FILTER_LABELS, PAGE_FILTERS, type PageFilter, RANGES, type ViewState } from "./state.js";
import type { DashboardListItem } from "./types.js";

const EVENT_CHOICES = ["", ...EVENT_TYPES];

/** datetime-local wants local time without a zone. */
function localInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function rangeControls(state: ViewState, change: (s: ViewState) => void): HTMLElement {
  const presets = RANGES.map((r) =>
    h(
      "button",
      {
        type: "button",
        class: state.hours === r.hours ? "active" : undefined,
        "aria-pressed": String(state.hours === r.hours),
        title: `Last ${r.label} (key ${r.key})`,
        onclick: () => change({ ...state, hours: r.hours, from: null, to: null }),
      },
      r.label,
    ),
  );
  const from = h("input", {
    type: "datetime-local",
    name: "from",
    value: localInput(state.from),
    "aria-label": "From",
  });
  const to = h("input", { type: "datetime-local", name: "to", value: localInput(state.to), "aria-label": "To" });
  const custom = h(
    "form",
    { class: "custom-range", hidden: state.hours !== null },
    from,
    to,
    h("button", { type: "submit" }, "Apply"),
  );
  custom.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!from.value || !to.value) return;
    change({ ...state, hours: null, from: new Date(from.value).toISOString(), to: new Date(to.value).toISOString() });
  });
  const customButton = h(
    "button",
    {
      type: "button",
      class: state.hours === null ? "active" : undefined,
      onclick: () => {
        custom.hidden = !custom.hidden;
      },
    },
    "Custom",
  );
  const compare = h("input", { type: "checkbox", name: "compare", checked: state.compare });
  compare.addEventListener("change", () => change({ ...state, compare: compare.checked }));
  return h(
    "div",
    { class: "range", role: "group", "aria-label": "Date range" },
    ...presets,
    customButton,
    custom,
    h("label", { class: "compare", title: "Compare with the previous period (key c)" }, compare, "vs previous"),
  );
}

export function dashboardPicker(
  list: DashboardListItem[],
  state: ViewState,
  change: (s: ViewState) => void,
): HTMLSelectElement {
  const picker = h(
    "select",
    { name: "dashboard", "aria-label": "Dashboard" },
    ...list.map((d) => h("option", { value: d.dashboard_id }, d.builtin ? d.name : `${d.name} (custom)`)),
  );
  picker.value = state.dashboard;
  picker.addEventListener("change", () => change({ ...state, dashboard: picker.value, view: "dashboard" }));
  return picker;
}

export function filterBar(state: ViewState, change: (s: ViewState) => void): HTMLElement {
  const inputs = new Map<PageFilter, HTMLInputElement | HTMLSelectElement>();
  for (const f of PAGE_FILTERS) {
    const value = state.filters[f] ?? "";
    const control =
      f === "event_type"
        ? h("select", { name: f }, ...EVENT_CHOICES.map((t) => h("option", { value: t }, t || "any")))
        : h("input", { name: f, value, placeholder: "any", maxlength: 512 });
    control.value = value;
    inputs.set(f, control);
  }
  const apply = () => {
    const filters: ViewState["filters"] = {};
    for (const [f, c] of inputs) if (c.value.trim()) filters[f] = c.value.trim();
    change({ ...state, filters });
  };
  const form = h(
    "form",
    { class: "filters", "aria-label": "Filters" },
    ...PAGE_FILTERS.map((f) => h("label", {}, h("span", {}, FILTER_LABELS[f]), inputs.get(f) as HTMLElement)),
    h("button", { type: "submit" }, "Filter"),
    Object.keys(state.filters).length
      ? h("button", { type: "button", onclick: () => change({ ...state, filters: {} }) }, "Clear filters")
      : null,
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    apply();
  });
  inputs.get("event_type")?.addEventListener("change", apply);
  return form;
}
