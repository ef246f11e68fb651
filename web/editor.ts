// The custom-dashboard editor: add, arrange, edit and delete widgets, then save through the API
// (POST a new dashboard, PUT an existing one, DELETE it). Writes need an admin key; a read key is told so.
import {
  BREAKDOWNS,
  CHARTS,
  DATA_SOURCES,
  MEASURE_FIELDS,
  MEASURE_FNS,
  type MeasureFn,
} from "../src/dashboards/api-schemas.js";
import { type Api, ApiError } from "./api.js";
import { h } from "./dom.js";
import type { DashboardDefinition, DashboardInput, WidgetDef } from "./types.js";

// The choices are the server's own lists, so the editor offers exactly what the API accepts.
const FIELDS = ["", ...MEASURE_FIELDS];
const BREAKDOWN_CHOICES = ["", ...BREAKDOWNS];

const READ_ONLY =
  "This key is read-only: saving or deleting a dashboard needs an admin key. Log in with an admin key to edit.";

function select(name: string, options: string[], value: string): HTMLSelectElement {
  const s = h("select", { name }, ...options.map((o) => h("option", { value: o }, o || "(none)")));
  s.value = value;
  return s;
}

function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  return h("label", {}, h("span", {}, text), control);
}

function newWidget(widgets: WidgetDef[]): WidgetDef {
  const used = new Set(widgets.map((w) => w.widget_id));
  let n = widgets.length + 1;
  while (used.has(`widget-${n}`)) n++;
  const bottom = widgets.reduce((y, w) => Math.max(y, w.position.y + w.position.height), 0);
  return {
    widget_id: `widget-${n}`,
    widget_type: "chart",
    title: "Events per hour",
    data_source: "time_series",
    configuration: { measure: { fn: "count" }, interval: "1h", chart: "line" },
    position: { x: 0, y: bottom, width: 6, height: 4 },
  };
}

/** One widget's form; reads back into a WidgetDef (the server validates it and names any bad field). */
function widgetForm(w: WidgetDef, index: number, actions: { move(d: -1 | 1): void; remove(): void }) {
  const c = w.configuration;
  const title = h("input", { name: "title", value: w.title, required: true, maxlength: 200 });
  const id = h("input", {
    name: "widget_id",
    value: w.widget_id,
    required: true,
    pattern: "[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}",
  });
  const source = select("data_source", [...DATA_SOURCES], w.data_source);
  const chart = select("chart", [...CHARTS], c.chart ?? "line");
  const fn = select("fn", [...MEASURE_FNS], c.measure?.fn ?? "count");
  const field = select("field", FIELDS, c.measure?.field ?? "");
  const breakdown = select("breakdown", BREAKDOWN_CHOICES, c.breakdown ?? "");
  const interval = h("input", { name: "interval", value: c.interval ?? "", placeholder: "e.g. 1h", size: 6 });
  const filter = h("textarea", {
    name: "filter",
    rows: 2,
    placeholder: '{"field": "event_type", "op": "eq", "value": "error"}',
  });
  filter.value = c.filter === undefined ? "" : JSON.stringify(c.filter);
  const num = (name: string, value: number, min: number, max: number) =>
    h("input", { name, type: "number", value, min, max, size: 3 });
  const pos = {
    x: num("x", w.position.x, 0, 11),
    y: num("y", w.position.y, 0, 1000),
    width: num("width", w.position.width, 1, 12),
    height: num("height", w.position.height, 1, 100),
  };
  const el = h(
    "fieldset",
    { class: "widget-form", "data-index": index },
    h("legend", {}, `Widget ${index + 1}`),
    h("div", { class: "form-row" }, labelled("Title", title), labelled("Id", id)),
    h(
      "div",
      { class: "form-row" },
      labelled("Data", source),
      labelled("Chart", chart),
      labelled("Measure", fn),
      labelled("Field", field),
      labelled("Breakdown", breakdown),
      labelled("Interval", interval),
    ),
    labelled("Filter (JSON, optional)", filter),
    h(
      "div",
      { class: "form-row" },
      labelled("x", pos.x),
      labelled("y", pos.y),
      labelled("width", pos.width),
      labelled("height", pos.height),
    ),
    h(
      "div",
      { class: "form-actions" },
      h("button", { type: "button", onclick: () => actions.move(-1), "aria-label": "Move up" }, "↑"),
      h("button", { type: "button", onclick: () => actions.move(1), "aria-label": "Move down" }, "↓"),
      h("button", { type: "button", class: "danger", onclick: actions.remove }, "Delete widget"),
    ),
  );
  const initialMeasure = `${fn.value}:${field.value}`;
  /** The form's values over the widget's other settings (several measures, limits, overlays are kept). */
  const read = (): WidgetDef => {
    let parsedFilter: unknown;
    if (filter.value.trim()) {
      try {
        parsedFilter = JSON.parse(filter.value);
      } catch {
        throw new Error(`widget ${index + 1}: the filter is not valid JSON`);
      }
    }
    const { breakdown: _b, interval: _i, filter: _f, ...kept } = c;
    const configuration: WidgetDef["configuration"] = {
      ...kept,
      chart: chart.value as WidgetDef["configuration"]["chart"],
    };
    if (`${fn.value}:${field.value}` !== initialMeasure || (!c.measures && !c.metric)) {
      delete configuration.measures;
      delete configuration.metric;
      configuration.measure = { fn: fn.value as MeasureFn, ...(field.value ? { field: field.value as never } : {}) };
    }
    if (breakdown.value) configuration.breakdown = breakdown.value as never;
    if (interval.value) configuration.interval = interval.value;
    if (parsedFilter !== undefined) configuration.filter = parsedFilter as never;
    return {
      ...w,
      widget_id: id.value,
      title: title.value,
      widget_type: chart.value === "table" ? "table" : chart.value === "number" ? "metric" : "chart",
      data_source: source.value as WidgetDef["data_source"],
      configuration,
      position: {
        x: Number(pos.x.value),
        y: Number(pos.y.value),
        width: Number(pos.width.value),
        height: Number(pos.height.value),
      },
    };
  };
  return { el, read };
}

export interface EditorResult {
  saved?: string;
  deleted?: boolean;
}

/**
 * The editor for `existing` (null: a new dashboard). Resolves when it saves, deletes or is cancelled;
 * `onDone` is told the id to show next.
 */
export function dashboardEditor(
  api: Api,
  existing: DashboardDefinition | null,
  onDone: (r: EditorResult) => void,
): HTMLElement {
  let widgets: WidgetDef[] = existing ? structuredClone(existing.widgets) : [];
  let forms: ReturnType<typeof widgetForm>[] = [];
  const id = h("input", {
    name: "id",
    value: existing?.id ?? "",
    required: true,
    disabled: existing !== null,
    pattern: "[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}",
    placeholder: "my-dashboard",
  });
  const name = h("input", {
    name: "name",
    value: existing?.name ?? "",
    required: true,
    maxlength: 200,
    placeholder: "My dashboard",
  });
  const description = h("input", { name: "description", value: existing?.description ?? "", maxlength: 2000 });
  const list = h("div", { class: "widget-forms" });
  const status = h("p", { class: "editor-status", role: "status" }, "Saving needs an admin key.");
  const snapshot = () => {
    widgets = forms.map((f) => f.read());
  };
  const draw = () => {
    forms = widgets.map((w, i) =>
      widgetForm(w, i, {
        move: (d) => {
          snapshot();
          const j = i + d;
          if (j < 0 || j >= widgets.length) return;
          const a = widgets[i] as WidgetDef;
          const b = widgets[j] as WidgetDef;
          [a.position, b.position] = [b.position, a.position];
          widgets[i] = b;
          widgets[j] = a;
          draw();
        },
        remove: () => {
          snapshot();
          widgets.splice(i, 1);
          draw();
        },
      }),
    );
    list.replaceChildren(...forms.map((f) => f.el), widgets.length ? "" : h("p", { class: "note" }, "No widgets yet."));
  };
  const fail = (err: unknown) => {
    status.textContent =
      err instanceof ApiError && err.status === 403 ? READ_ONLY : `Not saved: ${(err as Error).message}`;
    status.classList.add("error");
  };
  const save = async () => {
    try {
      snapshot();
      const body: DashboardInput = {
        id: id.value,
        name: name.value,
        ...(description.value ? { description: description.value } : {}),
        widgets,
      };
      status.textContent = "Saving…";
      if (existing) await api.request(`/dashboard/${encodeURIComponent(existing.id)}`, { method: "PUT", body });
      else await api.request("/dashboard", { method: "POST", body });
      onDone({ saved: body.id });
    } catch (err) {
      fail(err);
    }
  };
  const remove = async () => {
    if (!existing || !confirm(`Delete the dashboard "${existing.name}"?`)) return;
    try {
      await api.request(`/dashboard/${encodeURIComponent(existing.id)}`, { method: "DELETE" });
      onDone({ deleted: true });
    } catch (err) {
      fail(err);
    }
  };
  draw();
  return h(
    "form",
    {
      class: "editor",
      onsubmit: (e: Event) => {
        e.preventDefault();
        void save();
      },
    },
    h("h2", {}, existing ? `Edit "${existing.name}"` : "New dashboard"),
    h("div", { class: "form-row" }, labelled("Id", id), labelled("Name", name), labelled("Description", description)),
    list,
    h(
      "div",
      { class: "form-actions" },
      h(
        "button",
        {
          type: "button",
          onclick: () => {
            snapshot();
            widgets.push(newWidget(widgets));
            draw();
          },
        },
        "Add widget",
      ),
      h("button", { type: "submit", class: "primary" }, "Save dashboard"),
      existing
        ? h("button", { type: "button", class: "danger", onclick: () => void remove() }, "Delete dashboard")
        : null,
      h("button", { type: "button", onclick: () => onDone({}) }, "Cancel"),
    ),
    status,
  );
}
