import { Type } from "@sinclair/typebox";
import { defineQuery, type Query } from "../query.js";
import { compileFilter } from "../sql/filter.js";
import { type Fragment, sql } from "../sql/fragment.js";
import { Num, NumOrNull } from "../sql/row-types.js";
import { inRange, type TimeRange } from "./parts/time-range.js";

/** The raw figures of system health and cognitive performance over a range, one row. */
export interface KpiFigures {
  api_requests: number;
  /** API requests answered with a 5xx status. */
  server_errors: number;
  /** Events of type `error`. */
  error_events: number;
  response_time_p95: number | null;
  /** Mean CPU, memory and disk use (%) of the system_metric events. */
  cpu_usage: number | null;
  memory_usage: number | null;
  disk_usage: number | null;
  cognitive_runs: number;
  cognitive_successes: number;
  processing_time_p50: number | null;
  /** Output tokens and processing time (ms) of the runs that carry both: their ratio is tokens per second. */
  output_tokens: number | null;
  processing_ms: number | null;
}

const Row = Type.Object({
  api_requests: Num,
  server_errors: Num,
  error_events: Num,
  response_p95: NumOrNull,
  cpu_avg: NumOrNull,
  memory_avg: NumOrNull,
  disk_avg: NumOrNull,
  cognitive_runs: Num,
  cognitive_successes: Num,
  processing_p50: NumOrNull,
  output_sum: NumOrNull,
  processing_sum: NumOrNull,
});

const API = sql`event_type = 'api_request'`;
const METRIC = sql`event_type = 'system_metric'`;
const RUN = sql`event_type = 'cognitive_process'`;

/** Everything system health and cognitive performance score, in one scan of the range. */
export function kpiFigures(spec: TimeRange): Query<KpiFigures> {
  return defineQuery({
    name: "kpi-figures",
    row: Row,
    statement(d) {
      const timed: Fragment = sql`${RUN} AND output_tokens IS NOT NULL AND processing_time IS NOT NULL`;
      return sql`SELECT
        ${d.countIf(API)} AS api_requests,
        ${d.countIf(sql`${API} AND coalesce(status_code, 0) >= 500`)} AS server_errors,
        ${d.countIf(sql`event_type = 'error'`)} AS error_events,
        ${d.percentileIf(sql`response_time`, 0.95, API)} AS response_p95,
        ${d.avgIf(sql`cpu_usage`, METRIC)} AS cpu_avg,
        ${d.avgIf(sql`memory_usage`, METRIC)} AS memory_avg,
        ${d.avgIf(sql`disk_usage`, METRIC)} AS disk_avg,
        ${d.countIf(RUN)} AS cognitive_runs,
        ${d.countIf(sql`${RUN} AND coalesce(success, ${false}) = ${true}`)} AS cognitive_successes,
        ${d.percentileIf(sql`processing_time`, 0.5, RUN)} AS processing_p50,
        ${d.sumIf(sql`output_tokens`, timed)} AS output_sum,
        ${d.sumIf(sql`processing_time`, timed)} AS processing_sum
        FROM events WHERE ${compileFilter(inRange(spec), d)}`;
    },
    map: (r) => ({
      api_requests: r.api_requests,
      server_errors: r.server_errors,
      error_events: r.error_events,
      response_time_p95: r.response_p95,
      cpu_usage: r.cpu_avg,
      memory_usage: r.memory_avg,
      disk_usage: r.disk_avg,
      cognitive_runs: r.cognitive_runs,
      cognitive_successes: r.cognitive_successes,
      processing_time_p50: r.processing_p50,
      output_tokens: r.output_sum,
      processing_ms: r.processing_sum,
    }),
  });
}
