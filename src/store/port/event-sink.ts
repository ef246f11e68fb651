import type { EventRecord } from "../../model/event.js";
import type { LogPosition } from "../log-position.js";

/** Where the loader writes: events with its checkpoint, atomically; and retention's delete. */
export interface EventSink {
  /**
   * Stores events, ignoring any whose `event_id` is already stored, and records how far `node`'s
   * loader has come in its log. Returns how many were new.
   */
  insertEvents(events: EventRecord[], node: string, upTo: LogPosition): Promise<number>;
  loaderCheckpoint(node: string): Promise<LogPosition | null>;
  /** Retention: removes events that happened before `cutoff`; returns how many. */
  deleteEventsBefore(cutoff: number): Promise<number>;
}
