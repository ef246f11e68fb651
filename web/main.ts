// The web dashboard: login, then the picked dashboard with its controls, the live panel and the alerts.
import { Api, ApiError } from "./api.js";
import { forgetKey, rememberKey, takeKey } from "./auth.js";
import { dashboardPicker, filterBar, rangeControls } from "./controls.js";
import { dashboardView } from "./dashboard-view.js";
import { h } from "./dom.js";
import { dashboardEditor } from "./editor.js";
import { livePanel } from "./live.js";
import { loginForm } from "./login.js";
import { reportsView } from "./reports-view.js";
import { RANGES, readState, stateQuery, type ViewState } from "./state.js";
import { applyTheme, toggleTheme } from "./theme.js";
import type { DashboardDefinition, DashboardListItem } from "./types.js";

const root = document.getElementById("app") as HTMLElement;

/** A new view gets its own history entry, so back and forward move between views. */
function pushState(s: ViewState): void {
  const url = `${location.pathname}?${stateQuery(s).toString()}`;
  if (url !== location.pathname + location.search) history.pushState(null, "", url);
}

function showLogin(message?: string): void {
  root.replaceChildren(
    loginForm((api) => {
      rememberKey(api.key);
      void startApp(api);
    }, message),
  );
}

function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement
  );
}

async function startApp(api: Api): Promise<void> {
  let list: DashboardListItem[];
  try {
    list = (await api.request<{ dashboards: DashboardListItem[] }>("/dashboards")).dashboards;
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
      forgetKey();
      showLogin(`The key was refused: ${err.message}`);
    } else root.replaceChildren(h("p", { class: "error" }, `The API did not answer: ${(err as Error).message}`));
    return;
  }
  const live = livePanel(api);
  const controls = h("div", { class: "controls" });
  const filters = h("div", { class: "filters-slot" });
  const main = h("main", { id: "main" });
  const themeButton = h(
    "button",
    { type: "button", class: "theme", title: "Light or dark (key t)", "aria-label": "Toggle light or dark theme" },
    "◐",
  );
  const logout = h("button", { type: "button", class: "logout" }, "Log out");
  const reportsButton = h("button", { type: "button", class: "reports-toggle" }, "Reports");
  root.replaceChildren(
    h(
      "header",
      { class: "top" },
      h("a", { class: "brand", href: "/dashboard" }, "Deep Tree Echo"),
      controls,
      themeButton,
      logout,
    ),
    filters,
    live.el,
    main,
  );
  let view: { stop(): void; redraw(): void } | null = null;
  let state = readState(location.search);

  const leave = () => {
    view?.stop();
    view = null;
    document.querySelector(".drilldown")?.dispatchEvent(new Event("close"));
  };
  const reloadList = async () => {
    list = (await api.request<{ dashboards: DashboardListItem[] }>("/dashboards")).dashboards;
  };
  const change = (next: ViewState) => {
    state = next;
    pushState(state);
    render();
  };
  const edit = async (id: string | null) => {
    leave();
    let definition: DashboardDefinition | null = null;
    try {
      if (id) definition = await api.request<DashboardDefinition>(`/dashboard/${encodeURIComponent(id)}/definition`);
    } catch (err) {
      main.replaceChildren(h("p", { class: "error" }, `Could not read the dashboard: ${(err as Error).message}`));
      return;
    }
    main.replaceChildren(
      dashboardEditor(api, definition, async (result) => {
        await reloadList();
        if (result.saved) change({ ...state, dashboard: result.saved });
        else if (result.deleted) change({ ...state, dashboard: list[0]?.dashboard_id ?? "executive" });
        else render();
      }),
    );
  };
  const render = () => {
    leave();
    if (!list.some((d) => d.dashboard_id === state.dashboard))
      state = { ...state, dashboard: list[0]?.dashboard_id ?? "executive" };
    controls.replaceChildren(dashboardPicker(list, state, change), rangeControls(state, change));
    // Reports cover the whole period; the page filters are the dashboards'.
    filters.replaceChildren(state.view === "reports" ? "" : filterBar(state, change));
    reportsButton.textContent = state.view === "reports" ? "Dashboards" : "Reports";
    const v =
      state.view === "reports"
        ? { ...reportsView(api, state, change), redraw: () => undefined }
        : dashboardView(api, state, {
            narrow: (filter, value) => change({ ...state, filters: { ...state.filters, [filter]: value } }),
            edit: (answer) => void edit(answer.dashboard_id),
            create: () => void edit(null),
          });
    view = v;
    main.replaceChildren(v.el);
  };

  reportsButton.addEventListener("click", () =>
    change({ ...state, view: state.view === "reports" ? "dashboard" : "reports" }),
  );
  themeButton.addEventListener("click", () => {
    toggleTheme();
    view?.redraw();
  });
  // Charts take their colours from the style sheet when drawn, so a new theme redraws them.
  // Listeners on the document and window end with the session (logging out), so a new login adds its own only.
  const session = new AbortController();
  const { signal } = session;
  document.addEventListener("themechange", () => view?.redraw(), { signal });
  logout.addEventListener("click", () => {
    leave();
    live.stop();
    session.abort();
    forgetKey();
    showLogin("Logged out.");
  });
  window.addEventListener(
    "popstate",
    () => {
      state = readState(location.search);
      render();
    },
    { signal },
  );
  document.addEventListener(
    "keydown",
    (e) => {
      // Not while typing, nor in the editor (a new view would drop its unsaved changes).
      if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey || main.querySelector(".editor")) return;
      const range = RANGES.find((r) => r.key === e.key);
      if (range) change({ ...state, hours: range.hours, from: null, to: null });
      else if (e.key === "c") change({ ...state, compare: !state.compare });
      else if (e.key === "t") themeButton.click();
    },
    { signal },
  );
  render();
}

applyTheme(() => document.dispatchEvent(new Event("themechange")));
const key = takeKey();
if (key) void startApp(new Api(key));
else showLogin();
