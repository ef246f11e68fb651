import { type Api, query } from "./api.js";
import { docsLink, h } from "./dom.js";
import { formatValue } from "./format.js";
import type { AlertsAnswer } from "./types.js";

function valueText(value: number | null, operator: string | null, threshold: number | null): string {
  if (value === null) return "";
  return threshold === null ? formatValue(value) : `${formatValue(value)} (${operator} ${formatValue(threshold)})`;
}

/** The alerts of the period, firing ones first (the API's order). */
export async function alertList(
  api: Api,
  period: Record<string, string | number | undefined>,
  signal: AbortSignal,
): Promise<HTMLElement> {
  const answer = await api.request<AlertsAnswer>(
    `/alerts${query({ hours: period.hours, from: period.from, to: period.to, limit: 20 })}`,
    { signal },
  );
  const list =
    answer.alerts.length === 0
      ? h(
          "p",
          { class: "empty" },
          "No alerts in this period. Alert rules are made with POST /api/analytics/alerts/rules (",
          docsLink(),
          ").",
        )
      : h(
          "ul",
          { class: "alert-list" },
          ...answer.alerts.map((a) =>
            h(
              "li",
              { class: `alert ${a.state} ${a.severity}` },
              h("span", { class: "badge" }, a.state),
              h("strong", {}, a.rule_name),
              h("span", {}, `${a.metric}${a.series ? ` [${a.series}]` : ""}`),
              h(
                "span",
                {},
                valueText(a.value as number | null, a.operator as string | null, a.threshold as number | null),
              ),
              h("time", { datetime: a.started_at }, new Date(a.started_at).toLocaleString()),
            ),
          ),
        );
  return h(
    "section",
    { class: "alerts", "aria-label": "Alerts" },
    h(
      "header",
      {},
      h("h2", {}, "Alerts"),
      h("span", { class: "note" }, `${answer.firing} firing, ${answer.total} in this period`),
    ),
    list,
  );
}
