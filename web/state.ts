// What the page shows, kept in the address bar's query string so a view can be shared or bookmarked.

export const PAGE_FILTERS = ["event_type", "user_id", "endpoint", "membrane_type", "model"] as const;
export type PageFilter = (typeof PAGE_FILTERS)[number];

export const FILTER_LABELS: Record<PageFilter, string> = {
  event_type: "Event type",
  user_id: "User",
  endpoint: "Endpoint",
  membrane_type: "Membrane",
  model: "Model",
};

/** The preset ranges and the key that picks each. */
export const RANGES = [
  { key: "1", hours: 1, label: "1 h" },
  { key: "2", hours: 24, label: "24 h" },
  { key: "3", hours: 168, label: "7 d" },
  { key: "4", hours: 720, label: "30 d" },
] as const;

export interface ViewState {
  dashboard: string;
  /** A preset range in hours, or null when from/to give a custom one. */
  hours: number | null;
  from: string | null;
  to: string | null;
  compare: boolean;
  filters: Partial<Record<PageFilter, string>>;
  /** "reports" shows the reports instead of a dashboard. */
  view: "dashboard" | "reports";
  /** The report the reports view shows. */
  report: string;
}

export function readState(search: string): ViewState {
  const q = new URLSearchParams(search);
  const from = q.get("from");
  const to = q.get("to");
  const hours = Number(q.get("hours"));
  const filters: ViewState["filters"] = {};
  for (const f of PAGE_FILTERS) {
    const v = q.get(f);
    if (v) filters[f] = v;
  }
  const custom = Boolean(from && to);
  return {
    dashboard: q.get("dashboard") || "executive",
    hours: custom ? null : Number.isFinite(hours) && hours > 0 ? hours : 24,
    from: custom ? from : null,
    to: custom ? to : null,
    // Tiles and charts compare with the previous period unless the view says otherwise.
    compare: q.get("compare") !== "off",
    filters,
    view: q.get("view") === "reports" ? "reports" : "dashboard",
    report: q.get("report") || "executive_summary",
  };
}

export function stateQuery(s: ViewState): URLSearchParams {
  const q = new URLSearchParams();
  if (s.view === "reports") {
    q.set("view", "reports");
    q.set("report", s.report);
  }
  q.set("dashboard", s.dashboard);
  if (s.hours !== null) q.set("hours", String(s.hours));
  else if (s.from && s.to) {
    q.set("from", s.from);
    q.set("to", s.to);
  }
  if (!s.compare) q.set("compare", "off");
  for (const f of PAGE_FILTERS) {
    const v = s.filters[f];
    if (v) q.set(f, v);
  }
  return q;
}

/** The period and filters as the API takes them. */
export function apiParams(s: ViewState, timeZone: string): Record<string, string | number | undefined> {
  return {
    ...(s.hours !== null ? { hours: s.hours } : { from: s.from ?? undefined, to: s.to ?? undefined }),
    ...(s.compare ? { compare: "previous" } : {}),
    tz: timeZone,
    ...s.filters,
  };
}
