import { join, resolve } from "node:path";
import type { TSchema } from "@sinclair/typebox";
import type { Config } from "../config/config.js";
import { limitsOf } from "../config/config.js";
import type { FieldError } from "../errors.js";
import { PayloadTooLargeError, UnavailableError, ValidationError } from "../errors.js";
import { type Logger, silentLogger } from "../log/logger.js";
import type { BatchResult } from "../model/batch-result.js";
import type { EventRecord } from "../model/event.js";
import { type EventType, isEventType } from "../model/event-types.js";
import type { Limits } from "../model/limits.js";
import { normaliseEvent } from "../model/normalise.js";
import { buildEventSchemas, type EventSchemas } from "../model/schemas.js";
import { check } from "../model/validate.js";
import type { Store } from "../store/port.js";
import { DeadLetters, deadLetterDirectory } from "./dead-letters.js";
import { DurableLog } from "./durable-log.js";
import { Loader } from "./loader.js";
import { type EndItem, SessionEnds } from "./session-end.js";

/** Where a node's durable log lives: `log/` in its data directory. */
export function logDirectory(config: Pick<Config, "dataDirectory">): string {
  return join(resolve(config.dataDirectory), "log");
}

/**
 * The ingestion path: validate → normalise → durable log (acknowledged once fsynced) → loader → store.
 */
export class Pipeline {
  readonly schemas: EventSchemas;
  readonly limits: Limits;
  private log!: DurableLog;
  private loader!: Loader;
  /** Events the store refused, kept under `<data directory>/dead-letters`. */
  deadLetters!: DeadLetters;
  private accepted = 0;
  private rejected = 0;
  readonly startedAt = Date.now();
  /** Decides which end of a session wins; batch items ending sessions go through it too. */
  readonly sessionEnds = new SessionEnds(this);

  constructor(
    readonly config: Config,
    readonly store: Store,
    /** This node's id: its loader checkpoint and its claim on cluster-wide jobs go by it. */
    readonly node: string,
    private readonly logger: Logger = silentLogger(),
  ) {
    this.limits = limitsOf(config);
    this.schemas = buildEventSchemas(this.limits);
  }

  async start(): Promise<void> {
    this.log = await DurableLog.open(logDirectory(this.config), {
      segmentBytes: this.config.logSegmentBytes,
      maxBacklogBytes: this.config.maxBacklogBytes,
    });
    this.deadLetters = await DeadLetters.open(deadLetterDirectory(this.config.dataDirectory));
    this.loader = new Loader(this.log, this.store, {
      node: this.node,
      batchSize: this.config.batchSize,
      idleMs: 1000,
      deadLetters: this.deadLetters,
      logger: this.logger,
    });
    await this.loader.start();
  }

  /** Flushes everything acknowledged into the store (when it is reachable) and closes the log. */
  async stop(): Promise<void> {
    await this.loader.stop();
    await this.log.close();
  }

  /**
   * The schema check of one event body; a failure counts as a rejected event. The HTTP layer's
   * validation step calls it (then the handler passes `schemaChecked`); library calls get `check`
   * through prepare, counted by acceptOne.
   */
  checkEvent(schema: TSchema, body: unknown): FieldError[] {
    const errors = check(schema, body);
    if (errors.length) this.rejected += 1;
    return errors;
  }

  /** Checks a body of a known type; its schema was checked by checkEvent already when `schemaChecked`. */
  prepare(
    type: EventType,
    body: Record<string, unknown>,
    schemaChecked = false,
    prefix = "",
  ): { record: EventRecord; line: string } {
    const errors = schemaChecked ? [] : check(this.schemas.track[type], body, prefix);
    if (errors.length) throw new ValidationError("Invalid event", errors);
    const n = normaliseEvent(type, body, this.normaliseContext(), prefix);
    if (!n.ok) throw new ValidationError("Invalid event", n.errors);
    return n;
  }

  private normaliseContext() {
    return { now: Date.now(), retentionDays: this.config.retentionDays, limits: this.limits };
  }

  /**
   * Resolves once the events are durable; from then on they are never lost. `lines` are the
   * records' JSON when the caller has it already (normalising makes it).
   */
  async ingest(records: EventRecord[], lines?: string[]): Promise<void> {
    if (!records.length) return;
    await this.log.append(records, lines);
    this.accepted += records.length;
  }

  async acceptOne(type: EventType, body: Record<string, unknown>, schemaChecked = false): Promise<string> {
    let prepared: { record: EventRecord; line: string };
    try {
      prepared = this.prepare(type, body, schemaChecked);
    } catch (err) {
      this.rejected += 1;
      throw err;
    }
    await this.ingest([prepared.record], [prepared.line]);
    return prepared.record.event_id;
  }

  /** Each element is checked on its own: good ones are stored, bad ones reported by index. */
  async acceptBatch(items: unknown[]): Promise<BatchResult> {
    if (items.length > this.limits.maxBatchEvents) {
      throw new PayloadTooLargeError(`A batch holds at most ${this.limits.maxBatchEvents} events`, [
        { field: "events", message: `has ${items.length} events; the limit is ${this.limits.maxBatchEvents}` },
      ]);
    }
    const result: BatchResult = { accepted: [], rejected: [] };
    const records: EventRecord[] = [];
    const ends: EndItem[] = [];
    const lines: string[] = [];
    const ctx = this.normaliseContext();
    items.forEach((item, index) => {
      const type = (item as { event_type?: unknown } | null)?.event_type;
      if (!isEventType(type)) {
        result.rejected.push({ index, errors: [{ field: "event_type", message: "must be a known event type" }] });
        return;
      }
      const errors = check(this.schemas.batchItem[type], item);
      const body = item as Record<string, unknown>;
      const n = errors.length ? { ok: false as const, errors } : normaliseEvent(type, body, ctx);
      if (n.ok && type === "session_end") {
        ends.push({ index, record: n.record });
      } else if (n.ok) {
        records.push(n.record);
        lines.push(n.line);
        result.accepted.push({ index, event_id: n.record.event_id });
      } else {
        result.rejected.push({ index, errors: n.errors });
      }
    });
    this.rejected += result.rejected.length;
    await this.ingest(records, lines);
    // After the batch's other events are durable, so that a batch may start, use and end a session.
    if (ends.length) {
      const settled = await this.sessionEnds.endItems(ends);
      result.accepted.push(...settled.accepted);
      result.rejected.push(...settled.rejected);
      result.accepted.sort((a, b) => a.index - b.index);
      result.rejected.sort((a, b) => a.index - b.index);
      this.rejected += settled.rejected.length;
    }
    return result;
  }

  /** Read-your-writes: waits until everything acknowledged so far is queryable. */
  async drain(timeoutMs = 5000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new UnavailableError("The store is not keeping up; the events are safe in the log", 2)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([this.loader.drain(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  status() {
    return {
      accepted: this.accepted,
      rejected: this.rejected,
      loaded: this.loader.loaded(),
      backlogBytes: this.loader.backlogBytes(),
      logError: this.log.lastWriteError(),
      storeError: this.loader.lastStoreError(),
      deadLetters: this.deadLetters.count(),
    };
  }
}
