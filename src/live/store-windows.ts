import type { QueryRunner } from "../store/port/query-runner.js";
import { runOne } from "../store/port/query-runner.js";
import { eventSummary } from "../store/queries/event-summary.js";
import { liveFigures } from "../store/queries/live-figures.js";
import { type ModelUsage, modelUsage, type UsageKey } from "../store/queries/model-usage.js";
import { figures, type GroupCounts, type WindowCounts } from "./figures.js";
import { type LiveWindows, WINDOW_MINUTES, type WindowName } from "./live-metrics.js";
import type { Span } from "./window.js";

function groupRows(rows: ModelUsage[], key: UsageKey): GroupCounts[] {
  return rows.map((r) => ({
    key: r[key] ?? null,
    runs: r.runs,
    successes: r.successes,
    input_tokens: r.input_tokens ?? 0,
    output_tokens: r.output_tokens ?? 0,
  }));
}

/** The raw figures of one span, read from the store (every node sharing it reads the same). */
export async function storeCounts(store: QueryRunner, span: Span): Promise<WindowCounts> {
  const [summary, live, models, membranes] = await Promise.all([
    runOne(store, eventSummary(span)),
    runOne(store, liveFigures(span)),
    store.run(modelUsage({ ...span, by: ["model"] })),
    store.run(modelUsage({ ...span, by: ["membrane_type"] })),
  ]);
  if (!summary || !live) throw new Error("live figures: an aggregate query answered no row");
  return {
    events: summary.events,
    byType: summary.by_type,
    activeUsers: summary.users,
    usersCapped: false,
    apiRequests: live.api_requests,
    serverErrors: live.server_errors,
    response: {
      samples: live.response_samples,
      avg: live.response_avg,
      p50: live.response_p50,
      p95: live.response_p95,
      p99: live.response_p99,
    },
    cognitiveRuns: summary.by_type.cognitive_process,
    cognitiveSuccesses: live.cognitive_successes,
    processing: { samples: live.processing_samples, avg: live.processing_avg, p95: live.processing_p95 },
    inputTokens: live.input_tokens ?? 0,
    outputTokens: live.output_tokens ?? 0,
    byModel: groupRows(models, "model"),
    byMembrane: groupRows(membranes, "membrane_type"),
  };
}

/**
 * The four windows from the store. They end at the next whole second, so nodes reading within the
 * same second ask for the same spans.
 */
export async function storeWindows(store: QueryRunner, now: number): Promise<LiveWindows> {
  const to = Math.floor(now / 1000) * 1000 + 1000;
  const out = {} as LiveWindows;
  await Promise.all(
    WINDOW_MINUTES.map(async (m) => {
      const span = { from: to - m * 60_000, to };
      out[`${m}m` as WindowName] = figures(await storeCounts(store, span), m, span);
    }),
  );
  return out;
}
