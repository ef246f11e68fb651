// Draws one widget from its definition and its data, whatever the dashboard: the page knows no widget by name.
import type { Chart } from "chart.js";
import { breakdownChart, noneLabel, scatterChart, seriesChart } from "./charts.js";
import { h } from "./dom.js";
import { emptyState } from "./empty.js";
import { changePct, changeTone, formatChange, formatValue } from "./format.js";
import type {
  Breakdown,
  BreakdownData,
  CorrelationData,
  CostCoverage,
  HeatmapData,
  Kpi,
  KpisData,
  NumberData,
  SeriesData,
  WidgetData,
  WidgetDef,
} from "./types.js";

/** What a click on a widget narrows to: a group of its breakdown and/or a time bucket. */
export interface Drill {
  title: string;
  field?: Breakdown;
  value?: string | null;
  from?: number;
  to?: number;
}

export interface WidgetContext {
  filtered: boolean;
  onDrill(drill: Drill): void;
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** Unpriced AI runs are marked, never counted as $0. */
function unpricedNote(c: CostCoverage): HTMLElement | null {
  if (!c.unpriced_runs) return null;
  const coverage =
    c.coverage_pct === null || c.coverage_pct === undefined ? "" : ` (${formatValue(c.coverage_pct, "%")} priced)`;
  return h(
    "span",
    { class: "unpriced", title: "Runs without a sent cost or a price for their model" },
    `${c.unpriced_runs} unpriced runs${coverage}`,
  );
}

function changeBadge(change: number | null, better: NumberData["better"]): HTMLElement {
  return h("span", { class: `change ${changeTone(change, better)}` }, formatChange(change));
}

const mean = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
};

function seriesEmpty(d: SeriesData): boolean {
  return d.series.every((s) => s.points.every((p) => p.value === null || p.value === 0));
}

function renderSeries(
  body: HTMLElement,
  meta: HTMLElement,
  def: WidgetDef,
  d: SeriesData,
  ctx: WidgetContext,
): Chart | null {
  if (seriesEmpty(d)) {
    body.append(emptyState(def, ctx.filtered));
    return null;
  }
  if (d.previous?.length) {
    const now = mean(d.series.flatMap((s) => s.points.map((p) => p.value)));
    const before = mean(d.previous.flatMap((s) => s.points.map((p) => p.value)));
    meta.append(changeBadge(changePct(now, before), d.better));
    if (before !== null) meta.append(h("span", { class: "note" }, "thin dashes: previous period"));
  }
  if (d.partial_from !== null) meta.append(h("span", { class: "note" }, "last bucket unfinished (dotted)"));
  const unpriced = d.series.flatMap((s) => s.points).reduce((n, p) => n + (p.unpriced_runs ?? 0), 0);
  if (unpriced) meta.append(unpricedNote({ unpriced_runs: unpriced }) as HTMLElement);
  const canvas = h("canvas", { role: "img", "aria-label": def.title });
  body.append(h("div", { class: "chart" }, canvas));
  const breakdown = def.configuration.breakdown;
  return seriesChart(canvas, d, def.configuration.chart === "bar", ({ t, series }) =>
    ctx.onDrill({
      title: def.title,
      from: t,
      to: t + d.interval_ms,
      ...(breakdown && series !== null ? { field: breakdown, value: series } : {}),
    }),
  );
}

function breakdownTable(def: WidgetDef, d: BreakdownData, ctx: WidgetContext): HTMLElement {
  const field = def.configuration.breakdown;
  const hasPrevious = d.rows.some((r) => r.previous !== null);
  const hasCost = d.rows.some((r) => (r.unpriced_runs ?? 0) > 0);
  const rows = d.rows.map((r) => {
    const change = changePct(r.value, r.previous);
    const tr = h(
      "tr",
      { tabindex: 0, class: "clickable", title: "Show these events and filter the page" },
      h("td", { class: "key" }, noneLabel(r.key)),
      h("td", { class: "num" }, formatValue(r.value, d.unit)),
      hasPrevious
        ? h(
            "td",
            { class: `num change ${changeTone(change, d.better)}` },
            change === null ? "—" : formatChange(change).replace(" vs previous", ""),
          )
        : null,
      hasCost ? h("td", {}, unpricedNote(r) ?? "") : null,
    );
    const drill = () => ctx.onDrill({ title: def.title, ...(field ? { field, value: r.key } : {}) });
    tr.addEventListener("click", drill);
    tr.addEventListener("keydown", (e) => {
      if (e.key === "Enter") drill();
    });
    return tr;
  });
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      {},
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", {}, field ?? "group"),
          h("th", { class: "num" }, d.unit || "value"),
          hasPrevious ? h("th", { class: "num" }, "change") : null,
          hasCost ? h("th", {}, "pricing") : null,
        ),
      ),
      h("tbody", {}, ...rows),
    ),
  );
}

function renderBreakdown(
  body: HTMLElement,
  meta: HTMLElement,
  def: WidgetDef,
  d: BreakdownData,
  ctx: WidgetContext,
): Chart | null {
  if (d.rows.length === 0) {
    body.append(emptyState(def, ctx.filtered));
    return null;
  }
  if (d.total_groups > d.shown) meta.append(h("span", { class: "note top-n" }, `top ${d.shown} of ${d.total_groups}`));
  const unpriced = d.rows.reduce((n, r) => n + (r.unpriced_runs ?? 0), 0);
  if (unpriced) meta.append(unpricedNote({ unpriced_runs: unpriced }) as HTMLElement);
  const chart = def.configuration.chart;
  if (chart === "table" || chart === "number") {
    body.append(breakdownTable(def, d, ctx));
    return null;
  }
  const canvas = h("canvas", { role: "img", "aria-label": def.title });
  body.append(h("div", { class: "chart" }, canvas));
  const field = def.configuration.breakdown;
  return breakdownChart(canvas, d, chart === "doughnut", (key) =>
    ctx.onDrill({ title: def.title, ...(field ? { field, value: key } : {}) }),
  );
}

function renderNumber(body: HTMLElement, d: NumberData): void {
  body.append(
    h("div", { class: "big-number" }, formatValue(d.value, d.unit)),
    h(
      "div",
      { class: "number-meta" },
      d.change_pct !== null ? changeBadge(d.change_pct, d.better) : null,
      d.previous !== null ? h("span", { class: "note" }, `previous ${formatValue(d.previous, d.unit)}`) : null,
      unpricedNote(d),
    ),
  );
}

function kpiBlock(name: string, k: Kpi): HTMLElement {
  return h(
    "details",
    { class: "kpi" },
    h("summary", {}, h("span", {}, name), h("strong", {}, k.score === null ? "—" : `${Math.round(k.score)}`)),
    h(
      "ul",
      {},
      ...k.components.map((c) =>
        h(
          "li",
          {},
          `${c.name}: ${formatValue(c.value)} (target ${formatValue(c.target)}) → ${c.score === null ? "no data" : Math.round(c.score)}`,
        ),
      ),
    ),
  );
}

function renderKpis(body: HTMLElement, d: KpisData): void {
  body.append(
    h(
      "div",
      { class: "kpis" },
      h(
        "div",
        { class: "kpi-overall" },
        h("span", {}, "Overall"),
        h("strong", { class: "big-number" }, d.overall === null ? "—" : `${Math.round(d.overall)}`),
      ),
      kpiBlock("User engagement", d.user_engagement),
      kpiBlock("System health", d.system_health),
      kpiBlock("Cognitive performance", d.cognitive_performance),
    ),
  );
}

function renderHeatmap(body: HTMLElement, def: WidgetDef, d: HeatmapData, ctx: WidgetContext): void {
  if (d.max === 0) {
    body.append(emptyState(def, ctx.filtered));
    return;
  }
  const value = new Map(d.cells.map((c) => [`${c.weekday}-${c.hour}`, c.value]));
  const grid = h("div", { class: "heatmap", role: "table", "aria-label": def.title });
  grid.append(h("span", {}));
  for (let hour = 0; hour < 24; hour++)
    grid.append(h("span", { class: "hm-hour" }, hour % 3 === 0 ? String(hour) : ""));
  WEEKDAYS.forEach((day, weekday) => {
    grid.append(h("span", { class: "hm-day" }, day));
    for (let hour = 0; hour < 24; hour++) {
      const v = value.get(`${weekday}-${hour}`) ?? 0;
      const cell = h("span", { class: "hm-cell", title: `${day} ${hour}:00 — ${formatValue(v, d.unit)}` });
      cell.style.opacity = String(0.08 + 0.92 * (v / d.max));
      grid.append(cell);
    }
  });
  body.append(grid);
}

function renderCorrelation(body: HTMLElement, def: WidgetDef, d: CorrelationData, ctx: WidgetContext): Chart | null {
  body.append(
    h(
      "div",
      { class: "note" },
      `r = ${d.correlation === null ? "—" : d.correlation.toFixed(3)} over ${d.sample_size} samples`,
    ),
  );
  if (d.scatter.length === 0) {
    body.append(emptyState(def, ctx.filtered));
    return null;
  }
  const canvas = h("canvas", { role: "img", "aria-label": def.title });
  body.append(h("div", { class: "chart" }, canvas));
  return scatterChart(canvas, d);
}

/** A widget's card; `destroy` frees its chart. */
export function renderWidget(
  def: WidgetDef,
  data: WidgetData | undefined,
  ctx: WidgetContext,
): { el: HTMLElement; destroy(): void } {
  const meta = h("div", { class: "widget-meta" });
  const body = h("div", { class: "widget-body" });
  const el = h(
    "section",
    { class: `widget chart-${def.configuration.chart}`, "data-widget": def.widget_id },
    h("header", {}, h("h2", {}, def.title), meta),
    body,
  );
  const p = def.position;
  // Custom properties, so that the phone layout's one column can override them in the style sheet.
  el.style.setProperty("--column", `${p.x + 1} / span ${p.width}`);
  el.style.setProperty("--row", `${p.y + 1} / span ${p.height}`);
  let chart: Chart | null = null;
  if (!data) body.append(h("div", { class: "empty" }, "No data for this widget."));
  else if ("error" in data)
    body.append(h("div", { class: "widget-error", role: "alert" }, `This widget could not be read: ${data.error}`));
  else if (data.kind === "series") chart = renderSeries(body, meta, def, data, ctx);
  else if (data.kind === "breakdown") chart = renderBreakdown(body, meta, def, data, ctx);
  else if (data.kind === "number") renderNumber(body, data);
  else if (data.kind === "kpis") renderKpis(body, data);
  else if (data.kind === "heatmap") renderHeatmap(body, def, data, ctx);
  else chart = renderCorrelation(body, def, data, ctx);
  return { el, destroy: () => chart?.destroy() };
}
