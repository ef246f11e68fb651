// The reports (GET /reports/:type) as formatted pages over the page's period, and as files to download.
// The HTML report is shown in a sandboxed frame: it runs no script (the sandbox allows none) and its
// styles stay inside it; the frame is same-origin only so the page can size it to its content.
import { REPORT_TYPES } from "../src/reports/produce.js";
import { type Api, isAbort, query, whenSlow } from "./api.js";
import { h } from "./dom.js";
import { apiParams, type ViewState } from "./state.js";

const LABELS: Record<string, string> = {
  executive_summary: "Executive summary",
  technical_report: "Technical report",
  user_behavior: "User behaviour",
};
const DOWNLOADS = [
  { format: "html", label: "HTML" },
  { format: "md", label: "Markdown" },
  { format: "csv", label: "CSV" },
  { format: "json", label: "JSON" },
];

async function reportText(
  api: Api,
  type: string,
  params: Record<string, string | number | undefined>,
  format: string,
  signal: AbortSignal,
): Promise<{ text: string; name: string }> {
  const res = await api.raw(`/reports/${type}${query({ ...params, format })}`, signal);
  const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? `${type}.${format}`;
  return { text: await res.text(), name };
}

export function reportsView(
  api: Api,
  state: ViewState,
  change: (s: ViewState) => void,
): { el: HTMLElement; stop(): void } {
  const abort = new AbortController();
  const { compare: _c, ...params } = apiParams(state, Intl.DateTimeFormat().resolvedOptions().timeZone);
  const picker = h(
    "select",
    { name: "report", "aria-label": "Report" },
    ...REPORT_TYPES.map((t) => h("option", { value: t }, LABELS[t] ?? t)),
  );
  picker.value = state.report;
  picker.addEventListener("change", () => change({ ...state, report: picker.value }));
  const status = h("p", { class: "view-status", role: "status" }, "Loading the report…");
  const frame = h("iframe", {
    class: "report-frame",
    sandbox: "allow-same-origin",
    title: LABELS[state.report] ?? state.report,
  });
  frame.addEventListener("load", () => {
    const doc = frame.contentDocument;
    if (doc?.documentElement) frame.style.height = `${doc.documentElement.scrollHeight + 16}px`;
  });
  const download = (format: string) => async () => {
    try {
      const { text, name } = await reportText(api, state.report, params, format, abort.signal);
      const url = URL.createObjectURL(new Blob([text], { type: "application/octet-stream" }));
      const a = h("a", { href: url, download: name });
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      if (!isAbort(err)) status.textContent = `Could not download: ${(err as Error).message}`;
    }
  };
  const el = h(
    "div",
    { class: "view reports" },
    h(
      "div",
      { class: "view-heading" },
      h("h1", {}, "Reports"),
      picker,
      h(
        "div",
        { class: "view-actions" },
        "Download: ",
        ...DOWNLOADS.map((d) => h("button", { type: "button", onclick: download(d.format) }, d.label)),
      ),
    ),
    status,
    frame,
  );
  whenSlow(reportText(api, state.report, params, "html", abort.signal), () => {
    status.textContent = "Still loading… (a long range takes a while)";
  }).then(
    ({ text }) => {
      frame.srcdoc = text;
      status.textContent = "The period and time zone are the page's; print it from the frame or download it.";
    },
    (err: unknown) => {
      if (!isAbort(err)) status.textContent = `Could not load the report: ${(err as Error).message}`;
    },
  );
  return { el, stop: () => abort.abort() };
}
