import { rangePercentile } from "../store/cache/range-percentile.js";
import { rangeTotals } from "../store/cache/range-totals.js";
import { type QueryRunner, runOne } from "../store/port/query-runner.js";
import type { BucketAggregate } from "../store/queries/bucket-aggregates.js";
import type { TimeRange } from "../store/queries/parts/time-range.js";
import { sessionLengths } from "../store/queries/session-lengths.js";
import { allOf, type Filter } from "../store/sql/filter.js";

export interface SessionEngagement {
  /** Sessions with at least one event in the range. */
  sessions: number;
  /** Means per session (null without sessions): events other than the start/end markers, … */
  events_per_session: number | null;
  /** … time from its first to its last event in the range (ms), … */
  session_duration_ms: number | null;
  /** … and cognitive-process runs. */
  cognitive_per_session: number | null;
}

/** The raw figures of system health and cognitive performance over a range. */
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

const type = (value: string): Filter => ({ field: "event_type", op: "eq", value });
const API = type("api_request");
const METRIC = type("system_metric");
const RUN = type("cognitive_process");
const TIMED = allOf(RUN, { field: "output_tokens", op: "not_null" }, { field: "processing_time", op: "not_null" });
const RESOURCES = ["cpu_usage", "memory_usage", "disk_usage"] as const;
const IN_SESSION: Filter = { field: "session_id", op: "not_null" };

/** The counts and sums, which add up over hours: read through the bucket cache. */
const TOTALS: Record<string, BucketAggregate> = {
  api_requests: { fn: "count", filter: API },
  server_errors: { fn: "count", filter: allOf(API, { field: "status_code", op: "gte", value: 500 }) },
  error_events: { fn: "count", filter: type("error") },
  cognitive_runs: { fn: "count", filter: RUN },
  cognitive_successes: { fn: "count", filter: allOf(RUN, { field: "success", op: "eq", value: true }) },
  output_sum: { fn: "sum", field: "output_tokens", filter: TIMED },
  processing_sum: { fn: "sum", field: "processing_time", filter: TIMED },
  // A mean per session of a count is the count over the sessions: it adds up over hours too.
  session_events: {
    fn: "count",
    filter: allOf(
      IN_SESSION,
      { field: "event_type", op: "ne", value: "session_start" },
      { field: "event_type", op: "ne", value: "session_end" },
    ),
  },
  session_runs: { fn: "count", filter: allOf(IN_SESSION, RUN) },
  ...Object.fromEntries(
    RESOURCES.flatMap((f) => [
      [`${f}_sum`, { fn: "sum", field: f, filter: METRIC }],
      [`${f}_n`, { fn: "count", filter: allOf(METRIC, { field: f, op: "not_null" }) }],
    ]),
  ),
};

/**
 * Everything the KPIs score over a range: counts, sums and means from the range's hours (kept once
 * closed), the sessions' lengths from the events, the two percentiles exact (range-percentile.ts),
 * read concurrently.
 */
export async function readKpiInputs(
  runner: QueryRunner,
  range: TimeRange,
): Promise<{ engagement: SessionEngagement; figures: KpiFigures }> {
  const [t, spans, p95, p50] = await Promise.all([
    rangeTotals(runner, { ...range, aggregates: TOTALS }),
    runOne(runner, sessionLengths(range)),
    rangePercentile(runner, { ...range, field: "response_time", p: 0.95, filter: API }),
    rangePercentile(runner, { ...range, field: "processing_time", p: 0.5, filter: RUN }),
  ]);
  const count = (name: string) => t[name] ?? 0;
  const mean = (f: (typeof RESOURCES)[number]) => (count(`${f}_n`) ? (t[`${f}_sum`] ?? 0) / count(`${f}_n`) : null);
  const sessions = spans?.sessions ?? 0;
  return {
    engagement: {
      sessions,
      events_per_session: sessions ? count("session_events") / sessions : null,
      session_duration_ms: spans?.mean_ms ?? null,
      cognitive_per_session: sessions ? count("session_runs") / sessions : null,
    },
    figures: {
      api_requests: count("api_requests"),
      server_errors: count("server_errors"),
      error_events: count("error_events"),
      response_time_p95: p95,
      cpu_usage: mean("cpu_usage"),
      memory_usage: mean("memory_usage"),
      disk_usage: mean("disk_usage"),
      cognitive_runs: count("cognitive_runs"),
      cognitive_successes: count("cognitive_successes"),
      processing_time_p50: p50,
      output_tokens: t.output_sum ?? null,
      processing_ms: t.processing_sum ?? null,
    },
  };
}
