import type { EventRecord } from "../../model/event.js";
import type { EventType } from "../../model/event-types.js";
import type { LogPosition } from "../log-position.js";

/** Where the loader writes: events with its checkpoint, atomically; and the deletes of retention and erasure. */
export interface EventSink {
  /**
   * Stores events, ignoring any whose `event_id` is already stored, and records how far `node`'s
   * loader has come in its log. Returns how many were new.
   */
  insertEvents(events: EventRecord[], node: string, upTo: LogPosition): Promise<number>;
  loaderCheckpoint(node: string): Promise<LogPosition | null>;
  /** Retention: removes events (of `eventType` only, when given) that happened before `cutoff`; returns how many. */
  deleteEventsBefore(cutoff: number, eventType?: EventType): Promise<number>;
  /**
   * Erasure: removes the user's events and every event of the sessions the user had (a session's
   * events may lack the user id); returns how many.
   */
  eraseUser(userId: string): Promise<number>;
}
