import type { TimeSpan } from "../model/period.js";
import type { QueryRunner } from "../store/port/query-runner.js";
import { bucketAggregates } from "../store/queries/bucket-aggregates.js";
import { eventSummary } from "../store/queries/event-summary.js";
import type { Filter } from "../store/sql/filter.js";

/** The window the summary's current metrics cover, ending now. */
export const CURRENT_WINDOW_MINUTES = 5;

const MINUTE_MS = 60_000;
const API: Filter = { field: "event_type", op: "eq", value: "api_request" };

export interface CurrentMetrics {
  /** Where the figures come from: the stored events (the live windows will replace this). */
  source: "store";
  window: { from: string; to: string; minutes: number };
  events: number;
  events_per_minute: number;
  active_users: number;
  api_requests: number;
  /** Mean response_time of the API requests; null without any. */
  avg_response_time: number | null;
  error_events: number;
  server_errors: number;
  /** (error events + 5xx responses) / (API requests + error events) × 100, as the error_rate series; null without either. */
  error_rate_percentage: number | null;
  cognitive_runs: number;
}

/**
 * The figures of a short recent span, read from the store. Per-minute sums and counts add up across
 * minutes, so one grouped scan gives them; distinct users come from the span's event summary.
 */
export async function currentMetrics(runner: QueryRunner, span: TimeSpan): Promise<CurrentMetrics> {
  const [[summary], minutes] = await Promise.all([
    runner.run(eventSummary(span)),
    runner.run(
      bucketAggregates({
        ...span,
        bucket: { widthMs: MINUTE_MS },
        aggregates: {
          requests: { fn: "count", filter: API },
          response_ms: { fn: "sum", field: "response_time", filter: API },
          timed: { fn: "count", filter: { and: [API, { field: "response_time", op: "not_null" }] } },
          server_errors: { fn: "count", filter: { and: [API, { field: "status_code", op: "gte", value: 500 }] } },
        },
      }),
    ),
  ]);
  const total = (name: string) => minutes.reduce((sum, m) => sum + (m.values[name] ?? 0), 0);
  const requests = total("requests");
  const timed = total("timed");
  const serverErrors = total("server_errors");
  const events = summary?.events ?? 0;
  const errorEvents = summary?.by_type.error ?? 0;
  const windowMinutes = (span.to - span.from) / MINUTE_MS;
  return {
    source: "store",
    window: { from: new Date(span.from).toISOString(), to: new Date(span.to).toISOString(), minutes: windowMinutes },
    events,
    events_per_minute: events / windowMinutes,
    active_users: summary?.users ?? 0,
    api_requests: requests,
    avg_response_time: timed > 0 ? total("response_ms") / timed : null,
    error_events: errorEvents,
    server_errors: serverErrors,
    error_rate_percentage:
      requests + errorEvents > 0 ? ((errorEvents + serverErrors) / (requests + errorEvents)) * 100 : null,
    cognitive_runs: summary?.by_type.cognitive_process ?? 0,
  };
}
