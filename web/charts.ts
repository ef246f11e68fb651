// Chart.js, bundled (no CDN), with only the parts the widgets use. Labels are drawn on a canvas, so
// strings from events are never parsed as HTML there either.
import { Chart, type ChartDataset, registerables } from "chart.js";
import { formatAxisTime, formatTick, formatTime, formatValue } from "./format.js";
import type { BreakdownData, CorrelationData, SeriesData } from "./types.js";

Chart.register(...registerables);

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function palette(): string[] {
  return [1, 2, 3, 4, 5, 6, 7, 8].map((i) => cssVar(`--series-${i}`));
}

function baseOptions() {
  const text = cssVar("--muted");
  const grid = cssVar("--grid");
  Chart.defaults.color = text;
  Chart.defaults.borderColor = grid;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  return { responsive: true, maintainAspectRatio: false, animation: false as const };
}

const withAlpha = (color: string, alpha: string) =>
  color.startsWith("#") && color.length === 7 ? color + alpha : color;
export const noneLabel = (key: string | null) => (key === null ? "(none)" : key);

/** Where a click on a series chart landed: the bucket's start and, for a main series, its name. */
export interface SeriesClick {
  t: number;
  series: string | null;
}

/**
 * A series over time: gaps where a bucket has no value (null), the unfinished last bucket dotted,
 * the previous period dashed, anomalies as red markers, the forecast with its confidence band.
 */
export function seriesChart(
  canvas: HTMLCanvasElement,
  data: SeriesData,
  bar: boolean,
  onClick: (c: SeriesClick) => void,
): Chart {
  const colors = palette();
  const times = new Set<number>();
  for (const s of data.series) for (const p of s.points) times.add(p.t);
  for (const f of data.forecast) times.add(f.t);
  const labels = [...times].sort((a, b) => a - b);
  const at = new Map(labels.map((t, i) => [t, i]));
  const aligned = (points: { t: number; value: number | null }[]) => {
    const out: (number | null)[] = labels.map(() => null);
    for (const p of points) {
      const i = at.get(p.t);
      if (i !== undefined) out[i] = p.value;
    }
    return out;
  };
  const partialIndex =
    data.partial_from === null ? Number.POSITIVE_INFINITY : (at.get(data.partial_from) ?? Number.POSITIVE_INFINITY);
  const datasets: ChartDataset<"line" | "bar", (number | null)[]>[] = [];
  data.series.forEach((s, n) => {
    const color = colors[n % colors.length] as string;
    const values = aligned(s.points);
    datasets.push(
      bar
        ? {
            type: "bar",
            label: s.name,
            data: values,
            backgroundColor: values.map((_, i) => (i >= partialIndex ? withAlpha(color, "55") : color)),
          }
        : {
            type: "line",
            label: s.name,
            data: values,
            borderColor: color,
            backgroundColor: color,
            pointRadius: labels.length > 60 ? 0 : 2,
            spanGaps: false,
            segment: { borderDash: (ctx) => (ctx.p1DataIndex >= partialIndex ? [4, 4] : undefined) },
          },
    );
  });
  for (const [n, s] of (data.previous ?? []).entries()) {
    datasets.push({
      type: "line",
      label: `${s.name} (previous period)`,
      data: aligned(s.points),
      borderColor: withAlpha(colors[n % colors.length] as string, "88"),
      borderDash: [2, 3],
      borderWidth: 1,
      pointRadius: 0,
    });
  }
  if (data.forecast.length) {
    const band = (pick: (f: SeriesData["forecast"][number]) => number) =>
      aligned(data.forecast.map((f) => ({ t: f.t, value: pick(f) })));
    const bandColor = withAlpha(cssVar("--forecast"), "33");
    datasets.push(
      { type: "line", label: "forecast lower", data: band((f) => f.lower), pointRadius: 0, borderWidth: 0 },
      {
        type: "line",
        label: "forecast band",
        data: band((f) => f.upper),
        pointRadius: 0,
        borderWidth: 0,
        fill: "-1",
        backgroundColor: bandColor,
      },
      {
        type: "line",
        label: "forecast",
        data: band((f) => f.value),
        borderColor: cssVar("--forecast"),
        borderDash: [6, 3],
        pointRadius: 0,
      },
    );
  }
  if (data.anomalies.length) {
    const marks = aligned(data.anomalies.map((a) => ({ t: a.t, value: a.value })));
    datasets.push({
      type: "line",
      label: "anomaly",
      data: marks,
      showLine: false,
      pointRadius: 5,
      pointStyle: "triangle",
      borderColor: cssVar("--bad"),
      backgroundColor: cssVar("--bad"),
    });
  }
  const severity = new Map(data.anomalies.map((a) => [a.t, `${a.severity} anomaly (score ${a.score.toFixed(1)})`]));
  const mainCount = data.series.length;
  const span = (labels.at(-1) ?? 0) - (labels[0] ?? 0);
  const inLegend = (text: string) => text !== "forecast lower" && !text.endsWith("(previous period)");
  const legendItems = datasets.filter((d) => inLegend(d.label ?? "")).length;
  return new Chart(canvas, {
    type: bar ? "bar" : "line",
    data: { labels: labels.map((t) => formatTime(t, data.interval_ms)), datasets: datasets as ChartDataset<"line">[] },
    options: {
      ...baseOptions(),
      interaction: { mode: "nearest", intersect: false },
      scales: {
        x: {
          ticks: {
            maxRotation: 0,
            autoSkip: true,
            maxTicksLimit: 6,
            // Labels closer than this are skipped: on a phone-wide chart they ran into each other.
            autoSkipPadding: 16,
            callback: (_v, i) => formatAxisTime(labels[i] as number, data.interval_ms, span),
          },
        },
        y: { beginAtZero: true, ticks: { callback: (v) => formatTick(Number(v), data.unit) } },
      },
      plugins: {
        legend: {
          // The previous period is dashed (the widget says so), so the legend lists this period's series only.
          display: legendItems > 1,
          labels: { filter: (item) => inLegend(item.text), boxWidth: 10 },
        },
        tooltip: {
          callbacks: {
            label: (ctx) => `${ctx.dataset.label}: ${formatValue(ctx.parsed.y, data.unit)}`,
            footer: (items) => {
              const i = items[0]?.dataIndex ?? -1;
              const t = labels[i] as number;
              return [severity.get(t), i >= partialIndex ? "unfinished bucket" : undefined].filter(Boolean).join("\n");
            },
          },
        },
      },
      onClick: (_e, elements) => {
        const el = elements[0];
        if (!el) return;
        const t = labels[el.index];
        if (t !== undefined)
          onClick({ t, series: el.datasetIndex < mainCount ? (data.series[el.datasetIndex]?.name ?? null) : null });
      },
    },
  });
}

/** A breakdown as bars (largest first) or a doughnut; a click gives the clicked group's key. */
export function breakdownChart(
  canvas: HTMLCanvasElement,
  data: BreakdownData,
  doughnut: boolean,
  onClick: (key: string | null) => void,
): Chart {
  const colors = palette();
  const rows = data.rows;
  const values = rows.map((r) => r.value);
  const datasets: ChartDataset<"bar" | "doughnut", (number | null)[]>[] = [
    {
      label: "this period",
      data: values,
      backgroundColor: doughnut ? rows.map((_, i) => colors[i % colors.length] as string) : (colors[0] as string),
    },
  ];
  if (!doughnut && rows.some((r) => r.previous !== null)) {
    datasets.push({
      label: "previous period",
      data: rows.map((r) => r.previous),
      backgroundColor: withAlpha(cssVar("--muted"), "66"),
    });
  }
  return new Chart(canvas, {
    type: doughnut ? "doughnut" : "bar",
    data: { labels: rows.map((r) => noneLabel(r.key)), datasets: datasets as ChartDataset<"bar">[] },
    options: {
      ...baseOptions(),
      ...(doughnut ? {} : { indexAxis: "y" as const }),
      plugins: {
        legend: {
          display: doughnut || datasets.length > 1,
          position: doughnut ? "right" : "top",
          labels: { boxWidth: 12 },
        },
        tooltip: {
          callbacks: {
            label: (ctx) => `${ctx.dataset.label ?? ctx.label}: ${formatValue(ctx.raw as number | null, data.unit)}`,
          },
        },
      },
      ...(doughnut
        ? {}
        : {
            scales: {
              x: { beginAtZero: true, ticks: { callback: (v: unknown) => formatTick(Number(v), data.unit) } },
            },
          }),
      onClick: (_e, elements) => {
        const el = elements[0];
        if (el) onClick(rows[el.index]?.key ?? null);
      },
    },
  });
}

export function scatterChart(canvas: HTMLCanvasElement, data: CorrelationData): Chart {
  const color = palette()[0] as string;
  return new Chart(canvas, {
    type: "scatter",
    data: {
      datasets: [
        {
          label: `${data.metric1} × ${data.metric2}`,
          data: data.scatter,
          backgroundColor: withAlpha(color, "99"),
          pointRadius: 2,
        },
      ],
    },
    options: {
      ...baseOptions(),
      plugins: { legend: { display: false } },
      scales: {
        x: { title: { display: true, text: data.metric1 } },
        y: { title: { display: true, text: data.metric2 } },
      },
    },
  });
}
