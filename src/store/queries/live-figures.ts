import { Type } from "@sinclair/typebox";
import { defineQuery, type Query } from "../query.js";
import { compileFilter } from "../sql/filter.js";
import { sql } from "../sql/fragment.js";
import { Num, NumOrNull } from "../sql/row-types.js";
import { inRange, type TimeRange } from "./parts/time-range.js";

/** The API and cognitive figures of a live window (its counts by type and users come from event-summary). */
export interface LiveFigures {
  api_requests: number;
  /** API requests answered with a 5xx status. */
  server_errors: number;
  response_samples: number;
  response_avg: number | null;
  response_p50: number | null;
  response_p95: number | null;
  response_p99: number | null;
  cognitive_successes: number;
  processing_samples: number;
  processing_avg: number | null;
  processing_p95: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
}

const Row = Type.Object({
  api_requests: Num,
  server_errors: Num,
  response_samples: Num,
  response_avg: NumOrNull,
  response_p50: NumOrNull,
  response_p95: NumOrNull,
  response_p99: NumOrNull,
  cognitive_successes: Num,
  processing_samples: Num,
  processing_avg: NumOrNull,
  processing_p95: NumOrNull,
  input_tokens: NumOrNull,
  output_tokens: NumOrNull,
});

/**
 * One row over a range, one scan: API requests, 5xx answers and response-time percentiles;
 * cognitive successes, processing time and tokens. Percentiles are numpy's linear rule.
 */
export function liveFigures(spec: TimeRange): Query<LiveFigures> {
  return defineQuery({
    name: "live-figures",
    row: Row,
    statement(d) {
      const api = sql`event_type = ${"api_request"}`;
      const cog = sql`event_type = ${"cognitive_process"}`;
      const rt = sql`response_time`;
      const pt = sql`processing_time`;
      // Conditions on nullable columns go through coalesce: ClickHouse 18.16 would type the count Nullable.
      return sql`SELECT ${d.countIf(api)} AS api_requests,
        ${d.countIf(sql`${api} AND coalesce(status_code, 0) >= ${500}`)} AS server_errors,
        ${d.countIf(sql`${api} AND coalesce(${rt}, -1) >= 0`)} AS response_samples,
        ${d.avgIf(rt, api)} AS response_avg,
        ${d.percentileIf(rt, 0.5, api)} AS response_p50,
        ${d.percentileIf(rt, 0.95, api)} AS response_p95,
        ${d.percentileIf(rt, 0.99, api)} AS response_p99,
        ${d.countIf(sql`${cog} AND coalesce(success, ${false}) = ${true}`)} AS cognitive_successes,
        ${d.countIf(sql`${cog} AND coalesce(${pt}, -1) >= 0`)} AS processing_samples,
        ${d.avgIf(pt, cog)} AS processing_avg,
        ${d.percentileIf(pt, 0.95, cog)} AS processing_p95,
        ${d.sumIf(sql`input_tokens`, cog)} AS input_tokens,
        ${d.sumIf(sql`output_tokens`, cog)} AS output_tokens
        FROM events WHERE ${compileFilter(inRange(spec), d)}`;
    },
  });
}
