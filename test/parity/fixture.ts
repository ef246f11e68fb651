import type { EventRecord } from "../../src/model/event.js";
import type { EventType } from "../../src/model/event-types.js";
import type { EventsPageQuery as EventQuery } from "../../src/store/queries/events-page.js";
import type { SessionAggregate } from "../../src/store/queries/parts/session-columns.js";
import type { SessionsPageQuery as SessionQuery } from "../../src/store/queries/sessions-page.js";
import type { StoreStats } from "../../src/store/queries/store-stats.js";
import { MIN, T0 } from "./store-contract.js";

/**
 * A deterministic day-in-miniature for the cross-engine check, and a plain-JS reading of what the
 * store port promises for it (the oracle): both engines must give the oracle's answers, so a shared
 * mistake in the two SQL dialects still shows.
 */

/** mulberry32: a small seeded generator, so the fixture is the same on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SESSIONS = 24;
export const USERS = 8;

export function buildFixture(): EventRecord[] {
  const rnd = random(20260201);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const events: EventRecord[] = [];
  let n = 0;
  const id = () => `f${String(n++).padStart(4, "0")}`;
  const push = (type: EventType, ts: number, user: string | null, session: string | null, data: object) => {
    events.push({
      event_id: id(),
      event_type: type,
      timestamp: ts,
      received_at: ts + 3,
      user_id: user,
      session_id: session,
      data: data as Record<string, unknown>,
    });
  };

  for (let s = 0; s < SESSIONS; s++) {
    const session = `sess-${String(s).padStart(2, "0")}`;
    const user = `user-${s % USERS}`;
    // Starts spread over three hours, on whole seconds so that different sessions share timestamps.
    let ts = T0 + Math.floor(rnd() * 180) * MIN + Math.floor(rnd() * 4) * 1000;
    const started = s % 4 !== 3;
    if (started) {
      push("session_start", ts, user, session, { ip_address: `10.0.${s}.1`, user_agent: s % 5 ? `UA/${s}` : null });
    }
    const steps = 2 + Math.floor(rnd() * 12);
    for (let i = 0; i < steps; i++) {
      // Strictly later within a session: a session's first user-bearing event is never tied.
      ts += 1000 * (1 + Math.floor(rnd() * 90));
      // Some sessions carry the user id only after the first few events.
      const u = s % 6 === 5 && i < 2 ? null : user;
      const kind = rnd();
      if (kind < 0.35) push("user_action", ts, u, session, { action: pick(["click", "view", "search"]) });
      else if (kind < 0.6) {
        push("api_request", ts, u, session, {
          endpoint: pick(["/a", "/b", "/c"]),
          method: pick(["GET", "POST"]),
          status_code: pick([200, 200, 201, 404, 500]),
          response_time: Math.round(rnd() * 5000) / 10,
        });
      } else if (kind < 0.85) {
        push("cognitive_process", ts, u, session, {
          membrane_type: pick(["memory", "reasoning", "grammar"]),
          processing_time: Math.round(rnd() * 20000) / 10,
          input_tokens: Math.floor(rnd() * 500),
          output_tokens: Math.floor(rnd() * 300),
          success: rnd() > 0.1,
        });
      } else if (kind < 0.93) push("error", ts, u, session, { error_type: "E", error_message: `boom ${i}` });
      else push("performance", ts, u, session, { name: "ttfb", value: Math.floor(rnd() * 100) });
    }
    if (s % 3 === 0) push("session_end", ts + 1000, user, session, { reason: "logout" });
  }
  // Events outside any session: system metrics and loose actions, some at exactly the same times.
  for (let i = 0; i < 40; i++) {
    const ts = T0 + Math.floor(rnd() * 200) * MIN;
    if (i % 2) {
      push("system_metric", ts, null, null, {
        cpu_usage: Math.round(rnd() * 1000) / 10,
        memory_usage: Math.round(rnd() * 1000) / 10,
        disk_usage: 50,
      });
    } else push("user_action", ts, `user-${i % USERS}`, null, { action: "loose" });
  }
  // Shuffled, so that no engine is helped by rows arriving in time order.
  for (let i = events.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [events[i], events[j]] = [events[j] as EventRecord, events[i] as EventRecord];
  }
  return events;
}

const newestFirst = (a: { at: number; id: string }, b: { at: number; id: string }) =>
  b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export function oracleEvents(all: EventRecord[], q: EventQuery): EventRecord[] {
  return all
    .filter(
      (e) =>
        (!q.eventType || e.event_type === q.eventType) &&
        (!q.userId || e.user_id === q.userId) &&
        (!q.sessionId || e.session_id === q.sessionId) &&
        (q.from === undefined || e.timestamp >= q.from) &&
        (q.to === undefined || e.timestamp < q.to) &&
        (!q.after || e.timestamp < q.after.at || (e.timestamp === q.after.at && e.event_id < q.after.id)),
    )
    .sort((a, b) => newestFirst({ at: a.timestamp, id: a.event_id }, { at: b.timestamp, id: b.event_id }))
    .slice(0, q.limit);
}

export function oracleStats(all: EventRecord[]): StoreStats {
  if (!all.length) return { total_events: 0, oldest_event: null, newest_event: null };
  const ts = all.map((e) => e.timestamp);
  return { total_events: all.length, oldest_event: Math.min(...ts), newest_event: Math.max(...ts) };
}

export function oracleSession(all: EventRecord[], sessionId: string): SessionAggregate | null {
  const evs = all.filter((e) => e.session_id === sessionId).sort((a, b) => a.timestamp - b.timestamp);
  if (!evs.length) return null;
  const start = evs.find((e) => e.event_type === "session_start");
  const end = evs.find((e) => e.event_type === "session_end");
  const text = (v: unknown) => (typeof v === "string" ? v : null);
  return {
    session_id: sessionId,
    user_id: evs.find((e) => e.user_id !== null)?.user_id ?? null,
    start_time: (evs[0] as EventRecord).timestamp,
    last_activity: (evs.at(-1) as EventRecord).timestamp,
    ended_at: end?.timestamp ?? null,
    ip_address: text(start?.data.ip_address),
    user_agent: text(start?.data.user_agent),
    events_count: evs.filter((e) => e.event_type !== "session_start" && e.event_type !== "session_end").length,
    cognitive_processes: evs.filter((e) => e.event_type === "cognitive_process").length,
    api_calls: evs.filter((e) => e.event_type === "api_request").length,
  };
}

export function oracleSessions(all: EventRecord[], q: SessionQuery): SessionAggregate[] {
  const ids = new Set(
    all.filter((e) => e.session_id !== null && e.timestamp >= q.activeSince).map((e) => e.session_id),
  );
  return [...ids]
    .map((id) => oracleSession(all, id as string) as SessionAggregate)
    .filter((s) => {
      const status = s.ended_at !== null ? "terminated" : s.last_activity <= q.now - q.timeoutMs ? "expired" : "active";
      return (
        (!q.status || q.status === status) &&
        (!q.userId || s.user_id === q.userId) &&
        (!q.after || s.last_activity < q.after.at || (s.last_activity === q.after.at && s.session_id < q.after.id))
      );
    })
    .sort((a, b) => newestFirst({ at: a.last_activity, id: a.session_id }, { at: b.last_activity, id: b.session_id }))
    .slice(0, q.limit);
}
