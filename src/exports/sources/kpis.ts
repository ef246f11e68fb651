import type { KpiReport } from "../../insights/kpis.js";
import type { Column, Row } from "../table.js";

export const KPI_COLUMNS: readonly Column[] = [
  { name: "period_from", type: "timestamp" },
  { name: "period_to", type: "timestamp" },
  { name: "kpi", type: "string" },
  { name: "component", type: "string" },
  { name: "value", type: "number" },
  { name: "target", type: "number" },
  { name: "score", type: "number" },
  { name: "weight", type: "number" },
];

const KPIS = ["user_engagement", "system_health", "cognitive_performance"] as const;

/**
 * The report as rows: the overall score, then per KPI its own row (component empty) followed by a
 * row per component with its value, target, score and weight.
 */
export function kpiRows(report: KpiReport): Row[] {
  const at = { period_from: report.period.from, period_to: report.period.to };
  const rows: Row[] = [
    { ...at, kpi: "overall", component: null, value: null, target: null, score: report.overall, weight: null },
  ];
  for (const name of KPIS) {
    const k = report[name];
    rows.push({ ...at, kpi: name, component: null, value: null, target: null, score: k.score, weight: k.weight });
    for (const c of k.components)
      rows.push({
        ...at,
        kpi: name,
        component: c.name,
        value: c.value,
        target: c.target,
        score: c.score,
        weight: c.weight,
      });
  }
  return rows;
}
