import { type Logger, silentLogger } from "../log/logger.js";
import type { EventRecord } from "../model/event.js";
import { comparePositions, type LogPosition, samePosition } from "../store/log-position.js";
import type { Store } from "../store/port.js";
import { type DeadLetter, type DeadLetters, withIdLookedFor } from "./dead-letters.js";
import type { CommittedGroup, DurableLog } from "./durable-log.js";

export interface LoaderOptions {
  /** This node's name: its checkpoint in the store is kept under it. */
  node: string;
  /** Most events per store insert. */
  batchSize: number;
  /** Longest wait before looking at the log again when nothing woke the loader. */
  idleMs: number;
  /** Called when the store fails or recovers, for health and logs. */
  onStoreError?: (err: Error | null) => void;
  /**
   * Where events the store refuses (while it answers otherwise) go, so that one bad row does not
   * stall loading. Without it every store error counts as an outage and is retried.
   */
  deadLetters?: DeadLetters;
  logger?: Logger;
}

/** Committed groups kept in memory so the loader need not re-read what it was just handed. */
const MAX_QUEUED_EVENTS = 100_000;
const MAX_BACKOFF_MS = 5_000;
/** Small inserts are spaced at least this far apart so that a stream of small commits is stored in fewer, larger batches. */
const MIN_INSERT_SPACING_MS = 200;

/**
 * Moves events from the durable log into the store and records how far it got, in the same store
 * transaction. It takes freshly committed groups straight from memory, and reads the log files when
 * it is behind (after a restart, or while the store was down). Duplicates are harmless: the store
 * ignores an event_id it already has.
 */
export class Loader {
  private checkpoint: LogPosition;
  private queue: CommittedGroup[] = [];
  private queued = 0;
  private running = false;
  private wake: (() => void) | null = null;
  private waiters: Array<{ pos: LogPosition; resolve: () => void }> = [];
  private loop: Promise<void> | null = null;
  private storeError: Error | null = null;
  private loadedTotal = 0;
  private readonly logger: Logger;

  constructor(
    private readonly log: DurableLog,
    private readonly store: Store,
    private readonly opts: LoaderOptions,
  ) {
    this.checkpoint = log.oldest();
    this.logger = opts.logger ?? silentLogger();
    log.onCommit((g) => {
      if (this.queued + g.records.length <= MAX_QUEUED_EVENTS) {
        this.queue.push(g);
        this.queued += g.records.length;
      }
      this.wake?.();
    });
  }

  async start(): Promise<void> {
    const saved = await this.store.loaderCheckpoint(this.opts.node);
    if (saved && comparePositions(saved, this.log.oldest()) > 0) this.checkpoint = saved;
    await this.log.release(this.checkpoint);
    this.running = true;
    this.loop = this.run();
  }

  /** Events in the log not yet in the store. */
  backlogBytes(): number {
    return this.log.bytesAfter(this.checkpoint);
  }

  /** The store's last failure while loading, or null while loading works. */
  lastStoreError(): Error | null {
    return this.storeError;
  }

  /** Events this loader has newly stored since it started. */
  loaded(): number {
    return this.loadedTotal;
  }

  /** Resolves once everything committed to the log before this call is in the store. */
  drain(): Promise<void> {
    return this.waitFor(this.log.committed());
  }

  waitFor(pos: LogPosition): Promise<void> {
    if (comparePositions(this.log.normalise(this.checkpoint), this.log.normalise(pos)) >= 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push({ pos, resolve });
      this.wake?.();
    });
  }

  async stop(): Promise<void> {
    await this.drainIfStoreUp();
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async drainIfStoreUp(): Promise<void> {
    if (!this.storeError) await this.drain();
  }

  private async run(): Promise<void> {
    let backoff = 100;
    let lastInsert = 0;
    let behind = false;
    while (this.running) {
      const target = this.log.committed();
      if (comparePositions(this.log.normalise(this.checkpoint), target) >= 0) {
        this.queue = [];
        this.queued = 0;
        await this.sleep(this.opts.idleMs);
        continue;
      }
      // Still behind after the last batch: no pause, the store takes batches back to back.
      const spacing = behind ? 0 : lastInsert + MIN_INSERT_SPACING_MS - Date.now();
      if (spacing > 0 && this.running) await new Promise((r) => setTimeout(r, spacing));
      lastInsert = Date.now();
      try {
        const batch = await this.nextBatch();
        // Count what the store newly took: a retried or replayed event_id is not loaded twice.
        if (batch.records.length) await this.insert(batch.records, batch.end);
        this.checkpoint = batch.end;
        behind = comparePositions(this.log.normalise(batch.end), this.log.committed()) < 0;
        await this.log.release(this.checkpoint);
        this.settleWaiters();
        if (this.storeError) {
          this.opts.onStoreError?.(null);
          this.logger.info("store reachable again: draining the backlog");
        }
        this.storeError = null;
        backoff = 100;
      } catch (err) {
        if (!this.storeError) {
          this.opts.onStoreError?.(err as Error);
          this.logger.warn({ err }, "store unavailable: events stay in the durable log");
        }
        this.storeError = err as Error;
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  /**
   * Stores the events and moves the checkpoint to `end`. When the store fails but still answers an
   * empty insert (which only re-records the current checkpoint), the batch is tried once more, whole
   * (a passing hiccup leaves no trace); refused again, it holds rows the store refuses: they are found
   * by halving, the others stored, and the refused ones written to the dead letters before the
   * checkpoint moves past them. When even the empty insert fails, it is an outage: thrown, retried.
   */
  private async insert(events: EventRecord[], end: LogPosition): Promise<void> {
    try {
      this.loadedTotal += await this.store.insertEvents(events, this.opts.node, end);
      return;
    } catch (err) {
      if (!this.opts.deadLetters) throw err;
      await this.probe(err as Error);
    }
    try {
      this.loadedTotal += await this.store.insertEvents(events, this.opts.node, end);
      return;
    } catch (err) {
      await this.probe(err as Error);
    }
    const refused: DeadLetter[] = [];
    await this.halves(events, refused);
    if (refused.length) {
      await this.opts.deadLetters.write(refused);
      this.logger.error(
        { dead_letters: refused.length, reason: refused[0]?.reason, directory: this.opts.deadLetters.dir },
        "the store refused events; they were written to the dead letters",
      );
    }
    await this.store.insertEvents([], this.opts.node, end);
  }

  /**
   * Stores what the store takes of `events` without moving the checkpoint; collects the refused ones.
   * Parts stored here are stored again if the batch is retried (after a crash, say), so their ids are
   * all looked for, server-made ones included: nothing is stored twice.
   */
  private async salvage(events: EventRecord[], refused: DeadLetter[]): Promise<void> {
    if (!events.length) return;
    try {
      this.loadedTotal += await this.store.insertEvents(events.map(withIdLookedFor), this.opts.node, this.checkpoint);
    } catch (err) {
      await this.probe(err as Error);
      if (events.length > 1) return this.halves(events, refused);
      const event = events[0] as EventRecord;
      refused.push({ event, reason: (err as Error).message, at: new Date().toISOString(), node: this.opts.node });
    }
  }

  private async halves(events: EventRecord[], refused: DeadLetter[]): Promise<void> {
    const half = Math.ceil(events.length / 2);
    await this.salvage(events.slice(0, half), refused);
    await this.salvage(events.slice(half), refused);
  }

  /** Rethrows `err` (an outage) unless the store answers an insert of nothing. */
  private async probe(err: Error): Promise<void> {
    try {
      await this.store.insertEvents([], this.opts.node, this.checkpoint);
    } catch {
      throw err;
    }
  }

  /** The next events to store: from memory when they follow on from the checkpoint, else from the files. */
  private async nextBatch(): Promise<{ records: CommittedGroup["records"]; end: LogPosition }> {
    const here = this.log.normalise(this.checkpoint);
    // Groups already stored leave the queue; a head index, not shift(), keeps this linear.
    let head = 0;
    while (head < this.queue.length && comparePositions((this.queue[head] as CommittedGroup).end, here) <= 0) {
      this.queued -= (this.queue[head] as CommittedGroup).records.length;
      head += 1;
    }
    if (head) this.queue = this.queue.slice(head);
    const first = this.queue[0];
    if (first && samePosition(this.log.normalise(first.start), here)) {
      const records = [...first.records];
      let end = first.end;
      for (let i = 1; i < this.queue.length; i++) {
        const g = this.queue[i] as CommittedGroup;
        if (records.length + g.records.length > this.opts.batchSize || !samePosition(g.start, end)) break;
        for (const r of g.records) records.push(r);
        end = g.end;
      }
      return { records, end };
    }
    return this.log.read(here, this.opts.batchSize);
  }

  private settleWaiters(): void {
    const here = this.log.normalise(this.checkpoint);
    this.waiters = this.waiters.filter((w) => {
      if (comparePositions(here, this.log.normalise(w.pos)) >= 0) {
        w.resolve();
        return false;
      }
      return true;
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}
