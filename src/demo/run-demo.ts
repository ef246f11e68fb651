import type { AnalyticsService } from "../service.js";
import { countDemoEvents, type DemoEvent, generateDemoDay } from "./generator.js";
import { type DemoOptions, planDemoDay } from "./plan.js";

export interface RunDemoOptions extends DemoOptions {
  /** Called after each batch is durable, and once with (0, total) before the first. */
  onProgress?: (done: number, total: number) => void;
  /** Events per `trackBatch` call; 5000 when absent, never more than the service's batch limit. */
  batchSize?: number;
}

export interface DemoResult {
  /** Events accepted (a re-run with the same seed and end is accepted again but stored once). */
  events: number;
  sessions: number;
  users: number;
  /** Always 0: a rejection throws, since it means the generator made an invalid event. */
  rejected: number;
}

const SHOWN_REJECTIONS = 5;

/**
 * Feeds a simulated day (see `generateDemoDay`) through the library, batch by batch. Resolves once
 * every event is durable; `service.stop()` (or the loader, within a second) makes them queryable.
 */
export async function runDemo(service: AnalyticsService, options: RunDemoOptions): Promise<DemoResult> {
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 5_000, service.config.maxBatchEvents));
  const plan = planDemoDay(options);
  const total = countDemoEvents(options, plan);
  options.onProgress?.(0, total);

  let events = 0;
  let sessions = 0;
  const users = new Set<string>();
  let batch: DemoEvent[] = [];

  const send = async () => {
    const result = await service.trackBatch(batch);
    if (result.rejected.length) {
      const reasons = result.rejected.slice(0, SHOWN_REJECTIONS).map(({ index, errors }) => {
        const e = batch[index];
        const fields = errors.map((x) => `${x.field} ${x.message}`).join("; ");
        return `${e?.eventId} (${e?.eventType}): ${fields}`;
      });
      const more =
        result.rejected.length > SHOWN_REJECTIONS ? ` and ${result.rejected.length - SHOWN_REJECTIONS} more` : "";
      throw new Error(
        `demo generator made ${result.rejected.length} invalid event(s) (a bug): ${reasons.join(" | ")}${more}`,
      );
    }
    events += result.accepted.length;
    batch = [];
    options.onProgress?.(events, total);
  };

  for (const event of generateDemoDay(options, plan)) {
    if (event.eventType === "session_start") {
      sessions++;
      if (typeof event.userId === "string") users.add(event.userId);
    }
    batch.push(event);
    if (batch.length >= batchSize) await send();
  }
  if (batch.length) await send();

  return { events, sessions, users: users.size, rejected: 0 };
}
