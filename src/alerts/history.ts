import { type Static, Type } from "@sinclair/typebox";
import { PeriodQuery, resolvePeriod } from "../model/period.js";
import type { AlertHistoryStore } from "../store/port/alert-history.js";
import { type AlertView, alertView } from "./alert.js";

export const MAX_ALERTS_PAGE = 500;

/** The history's query: the period alerts must meet (default the last 24 hours), a state, a page. */
export const AlertsQuery = Type.Object(
  {
    hours: PeriodQuery.properties.hours,
    from: PeriodQuery.properties.from,
    to: PeriodQuery.properties.to,
    state: Type.Optional(Type.Union([Type.Literal("firing"), Type.Literal("resolved")])),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_ALERTS_PAGE, default: 50, description: "Page size, at most 500" }),
    ),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0, description: "Alerts to skip" })),
  },
  { additionalProperties: false },
);
export type AlertsQuery = Static<typeof AlertsQuery>;

export interface AlertPage {
  period: { from: string; to: string };
  /** Alerts in the period (of the state asked for), and how many of them are firing. */
  total: number;
  firing: number;
  limit: number;
  offset: number;
  alerts: AlertView[];
}

/**
 * The firing/resolved history: alerts that were firing at some moment of the period, firing ones
 * first, then by start, newest first.
 */
export async function alertPage(store: AlertHistoryStore, q: AlertsQuery, now: number): Promise<AlertPage> {
  const period = resolvePeriod(q, now);
  const all = (await store.listAlerts(period)).filter((a) => q.state === undefined || a.state === q.state);
  all.sort(
    (a, b) =>
      Number(b.state === "firing") - Number(a.state === "firing") ||
      b.started_at - a.started_at ||
      a.id.localeCompare(b.id),
  );
  const limit = q.limit ?? 50;
  const offset = q.offset ?? 0;
  return {
    period: { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString() },
    total: all.length,
    firing: all.filter((a) => a.state === "firing").length,
    limit,
    offset,
    alerts: all.slice(offset, offset + limit).map(alertView),
  };
}
