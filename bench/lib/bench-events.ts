import { randomUUID } from "node:crypto";
import type { EventRecord } from "../../src/model/event.js";
import type { Store } from "../../src/store/port.js";

export const USERS = 5_000;
export const EVENTS_PER_SESSION = 40;
/** Events per insert, as the loader writes them. */
export const BATCH = 10_000;
const HOUR = 3_600_000;

/** A deterministic, realistic mix over the week before `end`: sessions of 40 events, 5,000 users. */
export function makeEvents(from: number, count: number, total: number, end: number): EventRecord[] {
  const span = 7 * 24 * HOUR;
  const out: EventRecord[] = [];
  for (let i = from; i < from + count; i++) {
    const ts = end - span + Math.floor((i / total) * span);
    const session = Math.floor(i / EVENTS_PER_SESSION);
    const k = i % 10;
    const base = {
      event_id: randomUUID(),
      timestamp: ts,
      received_at: ts,
      user_id: `user-${session % USERS}`,
      session_id: `session-${session}`,
      id_generated: true as const,
    };
    if (i % EVENTS_PER_SESSION === 0) {
      out.push({ ...base, event_type: "session_start", data: { ip_address: "10.0.0.1", user_agent: "bench" } });
    } else if (k < 4) {
      out.push({
        ...base,
        event_type: "api_request",
        data: {
          endpoint: `/api/${["chat", "search", "embed"][i % 3]}`,
          method: "POST",
          status_code: i % 37 ? 200 : 503,
          response_time: 20 + (i % 400),
        },
      });
    } else if (k < 8) {
      out.push({
        ...base,
        event_type: "cognitive_process",
        data: {
          membrane_type: ["memory", "reasoning", "grammar"][i % 3],
          processing_time: 50 + (i % 900),
          input_tokens: 100 + (i % 2000),
          output_tokens: 20 + (i % 500),
          success: i % 31 !== 0,
          model: "m-large",
          cost: 0.002,
        },
      });
    } else {
      out.push({
        ...base,
        event_type: "user_action",
        data: { action: ["query", "view", "export"][i % 3], details: { n: i % 7 } },
      });
    }
  }
  return out;
}

/**
 * Inserts events number `from` to `to` (of `total` spread over the week before `end`) through the
 * store port in batches, as the loader does; answers the milliseconds spent inserting (making up the
 * events is not timed).
 */
export async function fillStore(
  store: Store,
  o: { from: number; to: number; total: number; end: number; segment: number },
): Promise<number> {
  let insertMs = 0;
  for (let loaded = o.from; loaded < o.to; ) {
    const n = Math.min(BATCH, o.to - loaded);
    const events = makeEvents(loaded, n, o.total, o.end);
    const t = performance.now();
    await store.insertEvents(events, "bench", { segment: o.segment, offset: loaded + n });
    insertMs += performance.now() - t;
    loaded += n;
  }
  return insertMs;
}
