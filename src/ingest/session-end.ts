import { AppError, type FieldError, UnavailableError } from "../errors.js";
import type { EventRecord } from "../model/event.js";
import { runOne } from "../store/port/query-runner.js";
import { eventsPage } from "../store/queries/events-page.js";
import type { SessionAggregate } from "../store/queries/parts/session-columns.js";
import { session } from "../store/queries/session.js";
import type { Pipeline } from "./pipeline.js";

export type EndOutcome = "ended" | "already_ended" | "not_found";

/**
 * How long a node's claim to end a session stands. Long, so that an end acknowledged into one node's
 * log but not yet loaded (the store was down) cannot be won again by another node meanwhile. The
 * price: if a node dies for good between claim and log, the session is not ended elsewhere within this
 * time — it simply expires after its inactivity timeout, as any session does.
 */
const CLAIM_TTL_MS = 24 * 3_600_000;

/** A session_end item of a batch, already validated and normalised. */
export interface EndItem {
  index: number;
  record: EventRecord;
}

/**
 * Exactly one end of a session wins. On one node, the ends of one session run one after another,
 * so the second sees the first's event. Across nodes, the store's lease `session-end:<id>` decides;
 * its holder is this node's (persistent) id, so that after a crash between winning the claim and
 * logging the end, a retry on the same node wins again and, having drained its log, ends the session
 * unless the crashed attempt's end had been logged already.
 */
export class SessionEnds {
  private readonly queues = new Map<string, Promise<EndOutcome>>();

  constructor(private readonly pipeline: Pipeline) {}

  /** Logs `record` (a session_end event, given the session's figures) unless the session is unknown or ended. */
  end(record: EventRecord): Promise<EndOutcome> {
    const id = record.session_id as string;
    const previous = this.queues.get(id);
    const mine = (previous ?? Promise.resolve()).then(
      () => this.endNow(id, record),
      () => this.endNow(id, record),
    );
    this.queues.set(id, mine);
    const forget = () => {
      if (this.queues.get(id) === mine) this.queues.delete(id);
    };
    mine.then(forget, forget);
    return mine;
  }

  /** Batch items: each ends its session, or is rejected by index saying why. */
  async endItems(items: EndItem[]): Promise<{
    accepted: Array<{ index: number; event_id: string }>;
    rejected: Array<{ index: number; errors: FieldError[] }>;
  }> {
    const accepted: Array<{ index: number; event_id: string }> = [];
    const rejected: Array<{ index: number; errors: FieldError[] }> = [];
    await Promise.all(
      items.map(async ({ index, record }) => {
        const outcome = await this.end(record).catch(() => "unavailable" as const);
        if (outcome === "ended") accepted.push({ index, event_id: record.event_id });
        else rejected.push({ index, errors: [{ field: "session_id", message: REFUSALS[outcome] }] });
      }),
    );
    return { accepted, rejected };
  }

  private async endNow(id: string, record: EventRecord): Promise<EndOutcome> {
    const seen = await this.stored(id);
    if (!seen) return "not_found";
    if (seen.ended_at !== null) return this.settledBy(id, record);
    if (!(await this.claim(id))) return "already_ended";
    // Re-read after the claim: an end logged by an earlier holder of the claim is in the store by now.
    const s = await this.stored(id);
    if (!s) return "not_found";
    if (s.ended_at !== null) return this.settledBy(id, record);
    record.user_id ??= s.user_id;
    record.data = {
      ...record.data,
      duration_minutes: Math.max(0, record.timestamp - s.start_time) / 60_000,
      events_count: s.events_count,
      cognitive_processes: s.cognitive_processes,
      api_calls: s.api_calls,
    };
    await this.pipeline.ingest([record]);
    return "ended";
  }

  /**
   * An ended session: "ended" when its end is this very event (a client's retry of an end, with the
   * event id it chose), so that resending a batch is idempotent; else "already_ended".
   */
  private async settledBy(id: string, record: EventRecord): Promise<EndOutcome> {
    if (record.id_generated) return "already_ended";
    const [end] = await storeCall(() =>
      this.pipeline.store.run(eventsPage({ eventType: "session_end", sessionId: id, limit: 1 })),
    );
    return end?.event_id === record.event_id ? "ended" : "already_ended";
  }

  /** The session as stored once everything this node acknowledged is loaded. */
  private async stored(id: string): Promise<SessionAggregate | null> {
    await this.pipeline.drain();
    return storeCall(() => runOne(this.pipeline.store, session(id)));
  }

  private claim(id: string): Promise<boolean> {
    const now = Date.now();
    return storeCall(() =>
      this.pipeline.store.acquireLease(`session-end:${id}`, this.pipeline.node, CLAIM_TTL_MS, now),
    );
  }
}

const REFUSALS: Record<Exclude<EndOutcome, "ended"> | "unavailable", string> = {
  not_found: "no such session: start it before ending it",
  already_ended: "the session has already ended",
  unavailable: "the session cannot be checked while the store is unavailable; send this end again later",
};

/** A store that cannot answer makes an end impossible to decide now: 503, retry later. */
async function storeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new UnavailableError("The store is unavailable, so the session's end cannot be decided now", 2);
  }
}
