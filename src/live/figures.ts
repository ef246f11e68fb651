import type { EventType } from "../model/event-types.js";
import type { Span } from "./window.js";

/** Cognitive runs of one model or membrane type (null: runs that named none). */
export interface GroupCounts {
  key: string | null;
  runs: number;
  successes: number;
  input_tokens: number;
  output_tokens: number;
}

/** The raw figures of one window, from the live tallies or from the store; `figures` derives the rest. */
export interface WindowCounts {
  events: number;
  byType: Record<EventType, number>;
  activeUsers: number;
  /** True when the user cap was reached: activeUsers is then a lower bound. */
  usersCapped: boolean;
  apiRequests: number;
  serverErrors: number;
  response: { samples: number; avg: number | null; p50: number | null; p95: number | null; p99: number | null };
  cognitiveRuns: number;
  cognitiveSuccesses: number;
  processing: { samples: number; avg: number | null; p95: number | null };
  inputTokens: number;
  outputTokens: number;
  byModel: GroupCounts[];
  byMembrane: GroupCounts[];
}

const pct = (part: number, whole: number): number | null => (whole > 0 ? (part / whole) * 100 : null);

function groups(rows: GroupCounts[], runs: number, name: "model" | "membrane_type") {
  return [...rows]
    .sort((a, b) => b.runs - a.runs || String(a.key).localeCompare(String(b.key)))
    .map((g) => ({
      [name]: g.key,
      runs: g.runs,
      share: pct(g.runs, runs),
      success_rate: pct(g.successes, g.runs),
      input_tokens: g.input_tokens,
      output_tokens: g.output_tokens,
    }));
}

/**
 * The figures of one window as the API shows them. Rates are per minute of the window's nominal
 * length, so that every node and both sources divide alike; percentages are 0–100, null when there
 * is nothing to divide by.
 */
export function figures(c: WindowCounts, minutes: number, span: Span) {
  const perMinute = (n: number) => n / minutes;
  const errorEvents = c.byType.error;
  return {
    window_minutes: minutes,
    from: new Date(span.from).toISOString(),
    to: new Date(span.to).toISOString(),
    events: c.events,
    events_by_type: c.byType,
    events_per_minute: perMinute(c.events),
    events_per_minute_by_type: Object.fromEntries(
      Object.entries(c.byType).map(([t, n]) => [t, perMinute(n)]),
    ) as Record<EventType, number>,
    throughput: {
      events_per_minute: perMinute(c.events),
      events_per_hour: perMinute(c.events) * 60,
      api_requests_per_minute: perMinute(c.apiRequests),
      api_requests_per_hour: perMinute(c.apiRequests) * 60,
    },
    active_users: c.activeUsers,
    active_users_capped: c.usersCapped,
    api_requests: c.apiRequests,
    response_time: c.response,
    errors: {
      error_events: errorEvents,
      server_errors: c.serverErrors,
      error_event_rate: pct(errorEvents, c.events),
      server_error_rate: pct(c.serverErrors, c.apiRequests),
      combined_error_rate: pct(errorEvents + c.serverErrors, c.events),
    },
    cognitive: {
      runs: c.cognitiveRuns,
      successes: c.cognitiveSuccesses,
      success_rate: pct(c.cognitiveSuccesses, c.cognitiveRuns),
      processing_time: c.processing,
      input_tokens: c.inputTokens,
      output_tokens: c.outputTokens,
      input_tokens_per_minute: perMinute(c.inputTokens),
      output_tokens_per_minute: perMinute(c.outputTokens),
    },
    by_membrane_type: groups(c.byMembrane, c.cognitiveRuns, "membrane_type"),
    by_model: groups(c.byModel, c.cognitiveRuns, "model"),
  };
}

export type WindowFigures = ReturnType<typeof figures>;
