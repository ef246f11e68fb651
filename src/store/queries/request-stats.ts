import { Type } from "@sinclair/typebox";
import { defineQuery, type Query } from "../query.js";
import { allOf, compileFilter } from "../sql/filter.js";
import { always, empty, sql } from "../sql/fragment.js";
import { Num, NumOrNull, TextOrNull } from "../sql/row-types.js";
import { inRange, type TimeRange } from "./parts/time-range.js";

/** API requests of a range (per endpoint, or all together): outcomes and response time. */
export interface RequestStats {
  /** The endpoint when grouped (null for requests without one); null too when not grouped. */
  endpoint: string | null;
  requests: number;
  /** Requests answered 4xx and 5xx. */
  client_errors: number;
  server_errors: number;
  /** Requests that carry a response time, and its mean and numpy-linear percentiles (null without any). */
  timed: number;
  avg_response_time: number | null;
  p50_response_time: number | null;
  p95_response_time: number | null;
  p99_response_time: number | null;
}

const Row = Type.Object({
  group_endpoint: TextOrNull,
  n: Num,
  n_4xx: Num,
  n_5xx: Num,
  n_timed: Num,
  rt_avg: NumOrNull,
  rt_p50: NumOrNull,
  rt_p95: NumOrNull,
  rt_p99: NumOrNull,
});

/**
 * API requests over a range in one scan, optionally per endpoint (most requests first, ties by
 * endpoint): counts by outcome, mean and p50/p95/p99 response time.
 */
export function requestStats(spec: TimeRange & { byEndpoint: boolean }): Query<RequestStats> {
  return defineQuery({
    name: "request-stats",
    row: Row,
    // Conditions on nullable columns go through coalesce: ClickHouse 18.16 would type the count Nullable.
    statement: (d) => sql`SELECT ${spec.byEndpoint ? sql`endpoint` : sql`NULL`} AS group_endpoint,
        count(*) AS n,
        ${d.countIf(sql`coalesce(status_code, 0) >= 400 AND coalesce(status_code, 0) < 500`)} AS n_4xx,
        ${d.countIf(sql`coalesce(status_code, 0) >= 500`)} AS n_5xx,
        count(response_time) AS n_timed,
        ${d.avgIf(sql`response_time`, always)} AS rt_avg,
        ${d.percentileIf(sql`response_time`, 0.5, always)} AS rt_p50,
        ${d.percentileIf(sql`response_time`, 0.95, always)} AS rt_p95,
        ${d.percentileIf(sql`response_time`, 0.99, always)} AS rt_p99
        FROM events
        WHERE ${compileFilter(allOf(inRange(spec), { field: "event_type", op: "eq", value: "api_request" }), d)}
        ${spec.byEndpoint ? sql`GROUP BY group_endpoint ORDER BY n DESC, group_endpoint` : empty}`,
    map: (r) => ({
      endpoint: r.group_endpoint,
      requests: r.n,
      client_errors: r.n_4xx,
      server_errors: r.n_5xx,
      timed: r.n_timed,
      avg_response_time: r.rt_avg,
      p50_response_time: r.rt_p50,
      p95_response_time: r.rt_p95,
      p99_response_time: r.rt_p99,
    }),
  });
}
