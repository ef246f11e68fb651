import type { TimeSpan } from "../model/period.js";
import type { QueryRunner } from "../store/port/query-runner.js";
import { eventSummary } from "../store/queries/event-summary.js";
import { modelUsage } from "../store/queries/model-usage.js";
import { requestStats } from "../store/queries/request-stats.js";
import { percent } from "./period-info.js";

/** The executive figures of one span (the period, or the one before it), from three one-row scans. */
export interface SpanFigures {
  events: number;
  users: number;
  sessions: number;
  api_calls: number;
  server_errors: number;
  error_events: number;
  avg_response_time: number | null;
  p95_response_time: number | null;
  cognitive_runs: number;
  cognitive_successes: number;
  avg_processing_time: number | null;
  tokens: number;
  /** Failed operations per 100: (error events + 5xx) / (API requests + error events), as the error_rate metric. */
  error_rate: number | null;
  /** API requests not answered 5xx, per 100 requests. */
  availability: number | null;
  cognitive_success_rate: number | null;
}

export async function spanFigures(runner: QueryRunner, span: TimeSpan): Promise<SpanFigures> {
  const [[summary], [requests], [runs]] = await Promise.all([
    runner.run(eventSummary(span)),
    runner.run(requestStats({ ...span, byEndpoint: false })),
    runner.run(modelUsage({ ...span, by: [] })),
  ]);
  const api = requests?.requests ?? 0;
  const fivexx = requests?.server_errors ?? 0;
  const errors = summary?.by_type.error ?? 0;
  const n = runs?.runs ?? 0;
  return {
    events: summary?.events ?? 0,
    users: summary?.users ?? 0,
    sessions: summary?.sessions ?? 0,
    api_calls: api,
    server_errors: fivexx,
    error_events: errors,
    avg_response_time: requests?.avg_response_time ?? null,
    p95_response_time: requests?.p95_response_time ?? null,
    cognitive_runs: n,
    cognitive_successes: runs?.successes ?? 0,
    avg_processing_time: runs?.avg_processing_time ?? null,
    tokens: (runs?.input_tokens ?? 0) + (runs?.output_tokens ?? 0),
    error_rate: percent(errors + fivexx, api + errors),
    availability: percent(api - fivexx, api),
    cognitive_success_rate: percent(runs?.successes ?? 0, n),
  };
}
