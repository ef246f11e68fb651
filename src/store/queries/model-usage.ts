import { Type } from "@sinclair/typebox";
import { ValidationError } from "../../errors.js";
import { defineQuery, type Query } from "../query.js";
import { allOf, compileFilter, type Filter } from "../sql/filter.js";
import { always, empty, type Fragment, join, sql } from "../sql/fragment.js";
import { Num, NumOrNull, TextOrNull } from "../sql/row-types.js";
import { inRange, type TimeRange } from "./parts/time-range.js";

export type UsageKey = "model" | "membrane_type";

export interface ModelUsage {
  /** Present for each grouping key asked for; null for runs without one. */
  model?: string | null;
  membrane_type?: string | null;
  runs: number;
  successes: number;
  input_tokens: number | null;
  output_tokens: number | null;
  /** Sum of the costs sent, over `runs_with_cost` runs (the others sent none). */
  cost: number | null;
  runs_with_cost: number;
  avg_processing_time: number | null;
  p95_processing_time: number | null;
}

const Row = Type.Object({
  group_model: TextOrNull,
  group_membrane_type: TextOrNull,
  runs: Num,
  successes: Num,
  input_tokens_sum: NumOrNull,
  output_tokens_sum: NumOrNull,
  cost_sum: NumOrNull,
  runs_with_cost: Num,
  processing_avg: NumOrNull,
  processing_p95: NumOrNull,
});

/** Cognitive-process runs over a range grouped by model and/or membrane type: outcomes, tokens, cost, time. */
export function modelUsage(spec: TimeRange & { by: UsageKey[]; filter?: Filter }): Query<ModelUsage> {
  for (const k of spec.by) {
    if (k !== "model" && k !== "membrane_type") {
      throw new ValidationError("Invalid query", [{ field: "by", message: `'${k}' is not model or membrane_type` }]);
    }
  }
  const grouped = (k: UsageKey) => spec.by.includes(k);
  return defineQuery({
    name: "model-usage",
    row: Row,
    statement(d) {
      const keys: Fragment[] = spec.by.map((k) => (k === "model" ? sql`group_model` : sql`group_membrane_type`));
      return sql`SELECT
        ${grouped("model") ? sql`model` : sql`NULL`} AS group_model,
        ${grouped("membrane_type") ? sql`membrane_type` : sql`NULL`} AS group_membrane_type,
        count(*) AS runs,
        ${d.countIf(sql`coalesce(success, ${false}) = ${true}`)} AS successes,
        ${d.sumIf(sql`input_tokens`, always)} AS input_tokens_sum,
        ${d.sumIf(sql`output_tokens`, always)} AS output_tokens_sum,
        ${d.sumIf(sql`cost`, always)} AS cost_sum,
        ${d.countIf(sql`cost IS NOT NULL`)} AS runs_with_cost,
        ${d.avgIf(sql`processing_time`, always)} AS processing_avg,
        ${d.percentileIf(sql`processing_time`, 0.95, always)} AS processing_p95
        FROM events
        WHERE ${compileFilter(allOf(inRange(spec), { field: "event_type", op: "eq", value: "cognitive_process" }, spec.filter), d)}
        ${keys.length ? sql`GROUP BY ${join(keys, ", ")} ORDER BY runs DESC, ${join(keys, ", ")}` : empty}`;
    },
    map: (r) => ({
      ...(grouped("model") ? { model: r.group_model } : {}),
      ...(grouped("membrane_type") ? { membrane_type: r.group_membrane_type } : {}),
      runs: r.runs,
      successes: r.successes,
      input_tokens: r.input_tokens_sum,
      output_tokens: r.output_tokens_sum,
      cost: r.cost_sum,
      runs_with_cost: r.runs_with_cost,
      avg_processing_time: r.processing_avg,
      p95_processing_time: r.processing_p95,
    }),
  });
}
