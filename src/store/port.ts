import type { LogPosition } from "../ingest/log-position.js";
import type { EventRecord } from "../model/event.js";
import type { EventType } from "../model/event-types.js";

/** Keyset cursor for newest-first listings: the sort key of the last row already returned. */
export interface Cursor {
  at: number;
  id: string;
}

export interface EventQuery {
  eventType?: EventType;
  userId?: string;
  sessionId?: string;
  /** Inclusive lower bound on `timestamp` (epoch ms). */
  from?: number;
  /** Exclusive upper bound on `timestamp` (epoch ms). */
  to?: number;
  limit: number;
  after?: Cursor;
}

/** What the store knows of a session, aggregated from the events that carry its id. */
export interface SessionAggregate {
  session_id: string;
  user_id: string | null;
  start_time: number;
  last_activity: number;
  /** Time of the session_end event, if there is one. */
  ended_at: number | null;
  ip_address: string | null;
  user_agent: string | null;
  events_count: number;
  cognitive_processes: number;
  api_calls: number;
}

export type SessionStatus = "active" | "expired" | "terminated";

export interface SessionQuery {
  userId?: string;
  status?: SessionStatus;
  /** Sessions with any event at or after this time (epoch ms). */
  activeSince: number;
  /** The time and inactivity limit that tell `active` from `expired`. */
  now: number;
  timeoutMs: number;
  limit: number;
  after?: Cursor;
}

export type Scope = "ingest" | "read" | "admin";

export interface ApiKeyRecord {
  id: string;
  name: string;
  scopes: Scope[];
  key_hash: string;
  created_at: number;
  revoked_at: number | null;
}

export interface StoreStats {
  total_events: number;
  oldest_event: number | null;
  newest_event: number | null;
}

/**
 * The store port. Everything the product asks of storage is a method here, written once and
 * implemented by each engine's adapter (DuckDB embedded, ClickHouse), each keeping its SQL to itself.
 */
export interface Store {
  readonly engine: string;
  /** Creates or upgrades the schema; safe to call on every start. */
  migrate(): Promise<void>;

  /**
   * Stores events, ignoring any whose `event_id` is already stored, and records how far `node`'s
   * loader has come in its log. Returns how many were new.
   */
  insertEvents(events: EventRecord[], node: string, upTo: LogPosition): Promise<number>;
  loaderCheckpoint(node: string): Promise<LogPosition | null>;

  /** Events newest first (by timestamp, then event id). */
  queryEvents(q: EventQuery): Promise<EventRecord[]>;
  stats(): Promise<StoreStats>;
  /** Retention: removes events that happened before `cutoff`; returns how many. */
  deleteEventsBefore(cutoff: number): Promise<number>;

  getSession(sessionId: string): Promise<SessionAggregate | null>;
  /** Sessions newest activity first. */
  listSessions(q: SessionQuery): Promise<SessionAggregate[]>;

  /**
   * Cluster-wide jobs (retention, later alerts and reports) run on one node at a time: true when
   * `holder` now holds lease `name` until `now + ttlMs` — it was free, expired, or already `holder`'s.
   */
  acquireLease(name: string, holder: string, ttlMs: number, now: number): Promise<boolean>;

  insertApiKey(key: ApiKeyRecord): Promise<void>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /** Marks a key revoked; false when there is no such key. */
  revokeApiKey(id: string, at: number): Promise<boolean>;

  close(): Promise<void>;
}
