import type { AiUsage } from "../insights/cost.js";
import type { Insights } from "../insights/insights.js";
import type { Kpis } from "../insights/kpis.js";
import type { QueryRunner } from "../store/port/query-runner.js";

/** What the reports read: the store through named queries, and the services whose figures they reuse. */
export interface ReportSources {
  runner: QueryRunner;
  kpis: Kpis;
  aiUsage: AiUsage;
  insights: Insights;
  now(): number;
}
