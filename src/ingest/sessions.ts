import { randomUUID } from "node:crypto";
import type { ReadOptions } from "../explore/read-options.js";
import type { SessionView } from "../model/session.js";
import type { SessionStatus } from "../model/session-status.js";
import { runOne } from "../store/port/query-runner.js";
import type { QueryRunner } from "../store/port.js";
import type { SessionAggregate } from "../store/queries/parts/session-columns.js";
import { session } from "../store/queries/session.js";
import { type SessionsPageQuery, sessionsPage } from "../store/queries/sessions-page.js";
import type { Pipeline } from "./pipeline.js";
import type { EndOutcome } from "./session-end.js";

/**
 * Pure: a session's status and duration from its aggregate. Ended → terminated; otherwise idle for
 * longer than the timeout → expired; else active.
 */
export function deriveSession(s: SessionAggregate, now: number, timeoutMs: number): SessionView {
  const status: SessionStatus =
    s.ended_at !== null ? "terminated" : now - s.last_activity > timeoutMs ? "expired" : "active";
  const end = status === "expired" ? s.last_activity : (s.ended_at ?? s.last_activity);
  return {
    session_id: s.session_id,
    user_id: s.user_id,
    status,
    start_time: new Date(s.start_time).toISOString(),
    last_activity: new Date(s.last_activity).toISOString(),
    end_time: status === "active" ? null : new Date(end).toISOString(),
    duration_seconds: Math.max(0, end - s.start_time) / 1000,
    ip_address: s.ip_address,
    user_agent: s.user_agent,
    events_count: s.events_count,
    cognitive_processes: s.cognitive_processes,
    api_calls: s.api_calls,
  };
}

export type { EndOutcome } from "./session-end.js";

/** Sessions are derived from events (start, any activity, end), so every node sees the same ones. */
export class Sessions {
  constructor(
    private readonly pipeline: Pipeline,
    private readonly store: QueryRunner,
    private readonly timeoutMs: number,
  ) {}

  /** Writes a session_start event; resolves with the session id once it is durable. */
  async start(body: Record<string, unknown>, schemaChecked = false): Promise<string> {
    const session_id = typeof body.session_id === "string" ? body.session_id : randomUUID();
    await this.pipeline.acceptOne("session_start", { ...body, session_id }, schemaChecked);
    return session_id;
  }

  /** One session as shown; `fresh` waits until every event acknowledged before the call is in it. */
  async get(sessionId: string, opts: ReadOptions): Promise<SessionView | null> {
    if (opts.fresh) await this.pipeline.drain();
    const s = await runOne(this.store, session(sessionId));
    return s ? deriveSession(s, Date.now(), this.timeoutMs) : null;
  }

  /** Sessions, most recently active first, a keyset page at a time (aggregates: derive views with `deriveSession`). */
  async list(q: SessionsPageQuery, opts: ReadOptions): Promise<SessionAggregate[]> {
    if (opts.fresh) await this.pipeline.drain();
    return this.store.run(sessionsPage(q));
  }

  /**
   * Writes a session_end event carrying the session's figures, unless it is unknown or ended already.
   * Exactly one of concurrent ends wins, on this node and across nodes (see SessionEnds).
   */
  end(sessionId: string): Promise<EndOutcome> {
    const { record } = this.pipeline.prepare("session_end", { session_id: sessionId, timestamp: Date.now() });
    return this.pipeline.sessionEnds.end(record);
  }
}
