import { constants } from "node:fs";
import { type FileHandle, open, readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { UnavailableError } from "../errors.js";
import type { EventRecord } from "../model/event.js";
import { comparePositions, type LogPosition } from "../store/log-position.js";
import { makePrivateDirectory, makePrivateFiles, PRIVATE_FILE_MODE } from "../util/private-files.js";

/** Writes reach the disk before write() returns (O_DSYNC): one system call per group commit, not two. */
const WRITE_DSYNC = constants.O_RDWR | constants.O_CREAT | constants.O_DSYNC;

/**
 * Group commits written at once. Disks take concurrent synchronous writes faster than one after
 * another (measured here: 4 in flight, twice the commits per second), and acknowledging in order
 * keeps the log a prefix of what was acknowledged.
 */
const MAX_IN_FLIGHT = 4;

export interface DurableLogOptions {
  /** A segment file is closed and a new one started once it reaches this size. */
  segmentBytes: number;
  /** Most bytes of not-yet-loaded log kept; beyond it appends are refused with 503 + Retry-After. */
  maxBacklogBytes: number;
}

/** A committed group: the records and where they sit in the log. */
export interface CommittedGroup {
  records: EventRecord[];
  start: LogPosition;
  end: LogPosition;
}

interface Pending {
  buf: Buffer;
  records: EventRecord[];
  resolve: (end: LogPosition) => void;
  reject: (err: Error) => void;
}

/** A group commit on its way to disk: its byte range in the current segment. */
interface Write {
  group: Pending[];
  start: number;
  end: number;
  outcome: "pending" | "written" | Error;
}

const SEGMENT_RE = /^segment-(\d{12})\.ndjson$/;
const segmentName = (n: number) => `segment-${String(n).padStart(12, "0")}.ndjson`;

/**
 * The write-ahead log that makes an acknowledgement mean "on disk". Appends are grouped: while
 * synchronous writes are in flight, new appends queue and go out together in the next one (group
 * commit), so one disk sync covers many requests. Groups are acknowledged strictly in log order, so
 * after a crash the acknowledged records are a prefix of the file; what follows the first torn or
 * missing line (a later group that landed before an earlier one) was never acknowledged and is cut
 * off on open. Records are NDJSON lines in numbered segment files.
 */
export class DurableLog {
  private fh!: FileHandle;
  private current = 1;
  private readonly sizes = new Map<number, number>();
  private queue: Pending[] = [];
  private inFlight: Write[] = [];
  /** Where the next group's bytes go in the current segment (past the groups in flight). */
  private nextOffset = 0;
  /** A write failed: later groups fail too, and writing resumes from the last good byte. */
  private failing = false;
  private rolling = false;
  private released: LogPosition = { segment: 1, offset: 0 };
  private writeError: Error | null = null;
  private readonly listeners: Array<(g: CommittedGroup) => void> = [];

  private constructor(
    readonly dir: string,
    private readonly opts: DurableLogOptions,
  ) {}

  static async open(dir: string, opts: DurableLogOptions): Promise<DurableLog> {
    const log = new DurableLog(dir, opts);
    await log.recover();
    return log;
  }

  private async recover(): Promise<void> {
    await makePrivateDirectory(this.dir);
    const segments = (await readdir(this.dir))
      .map((f) => SEGMENT_RE.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    for (const s of segments) this.sizes.set(s, (await stat(this.path(s))).size);
    await makePrivateFiles(segments.map((s) => this.path(s)));
    this.current = segments.at(-1) ?? 1;
    this.released = { segment: segments[0] ?? 1, offset: 0 };
    this.fh = await open(this.path(this.current), WRITE_DSYNC, PRIVATE_FILE_MODE);
    await this.cutTornTail();
    this.nextOffset = this.sizes.get(this.current) ?? 0;
    if (!segments.length) await this.syncDir();
  }

  /**
   * A crash can leave the last segment with a partial last line, or with a range never written (a
   * later group landed, an earlier one did not), which reads as zero bytes. Neither was
   * acknowledged: the file is cut at the start of the first line holding a zero byte, or after its
   * last newline.
   */
  private async cutTornTail(): Promise<void> {
    const size = (await this.fh.stat()).size;
    let end = 0;
    const chunk = Buffer.alloc(Math.min(Math.max(size, 1), 1 << 20));
    for (let pos = 0; pos < size; ) {
      const { bytesRead } = await this.fh.read(chunk, 0, Math.min(chunk.length, size - pos), pos);
      if (bytesRead === 0) break;
      const view = chunk.subarray(0, bytesRead);
      const zero = view.indexOf(0);
      const nl = (zero >= 0 ? view.subarray(0, zero) : view).lastIndexOf(10);
      if (nl >= 0) end = pos + nl + 1;
      if (zero >= 0) break;
      pos += bytesRead;
    }
    if (end !== size) {
      await this.fh.truncate(end);
      await this.fh.datasync();
    }
    this.sizes.set(this.current, end);
  }

  private path(segment: number): string {
    return join(this.dir, segmentName(segment));
  }

  private async syncDir(): Promise<void> {
    const d = await open(this.dir, "r");
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  }

  /** Where the next record will start: everything before it is durable. */
  committed(): LogPosition {
    return { segment: this.current, offset: this.sizes.get(this.current) ?? 0 };
  }

  /** The oldest position still kept (everything before it was loaded and released). */
  oldest(): LogPosition {
    return this.released;
  }

  /** Bytes between `from` and the committed end: the loader's backlog. */
  bytesAfter(from: LogPosition): number {
    let total = 0;
    for (const [s, size] of this.sizes) {
      if (s > from.segment) total += size;
      else if (s === from.segment) total += Math.max(0, size - from.offset);
    }
    return total;
  }

  /** Whether the last write failed (disk full, I/O error); cleared by the next good write. */
  lastWriteError(): Error | null {
    return this.writeError;
  }

  onCommit(listener: (g: CommittedGroup) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Resolves with the end position once every record is on disk. Refuses when the backlog is full.
   * `lines[i]` is `records[i]` as JSON, when the caller has serialised it already.
   */
  append(records: EventRecord[], lines: string[] = records.map((r) => JSON.stringify(r))): Promise<LogPosition> {
    if (this.bytesAfter(this.released) >= this.opts.maxBacklogBytes) {
      return Promise.reject(
        new UnavailableError("The ingestion backlog is full while the store catches up; retry shortly", 5),
      );
    }
    let text = "";
    for (const line of lines) text += `${line}\n`;
    const buf = Buffer.from(text);
    return new Promise((resolve, reject) => {
      this.queue.push({ buf, records, resolve, reject });
      this.pump();
    });
  }

  /** Starts writes while there are queued groups and room in flight. */
  private pump(): void {
    while (this.queue.length && this.inFlight.length < MAX_IN_FLIGHT && !this.failing && !this.rolling) {
      const group = this.queue;
      const buf = group.length === 1 ? (group[0] as Pending).buf : Buffer.concat(group.map((p) => p.buf));
      if (this.nextOffset > 0 && this.nextOffset + buf.length > this.opts.segmentBytes) {
        // A new segment starts once everything before it is on disk.
        if (!this.inFlight.length) void this.roll();
        return;
      }
      this.queue = [];
      const write: Write = { group, start: this.nextOffset, end: this.nextOffset + buf.length, outcome: "pending" };
      this.nextOffset = write.end;
      this.inFlight.push(write);
      this.writeAll(buf, write.start).then(
        () => this.settle(write, "written"),
        (err: Error) => this.settle(write, err),
      );
    }
  }

  /** Acknowledges finished writes in log order; a failure fails it and every write after it. */
  private settle(write: Write, outcome: "written" | Error): void {
    write.outcome = outcome;
    if (outcome !== "written") this.failing = true;
    while (this.inFlight[0] && this.inFlight[0].outcome !== "pending") {
      const w = this.inFlight.shift() as Write;
      if (w.outcome === "written" && !this.failing) this.acknowledge(w);
      else this.refuse(w);
    }
    if (this.failing && !this.inFlight.length) void this.recoverFromFailure();
    else this.pump();
  }

  private acknowledge(w: Write): void {
    const start = this.committed();
    this.sizes.set(this.current, w.end);
    this.writeError = null;
    let offset = w.start;
    const committed: EventRecord[] = [];
    for (const p of w.group) {
      offset += p.buf.length;
      for (const r of p.records) committed.push(r);
      p.resolve({ segment: this.current, offset });
    }
    for (const l of this.listeners) l({ records: committed, start, end: this.committed() });
  }

  private refuse(w: Write): void {
    if (w.outcome instanceof Error) this.writeError = w.outcome;
    const reason = this.writeError?.message ?? "an earlier write failed";
    const failure = new UnavailableError(`The durable log is not writable: ${reason}`, 5);
    for (const p of w.group) p.reject(failure);
  }

  /** Drops whatever the failed writes left past the last acknowledged byte, then writes again. */
  private async recoverFromFailure(): Promise<void> {
    const good = this.sizes.get(this.current) ?? 0;
    await this.fh.truncate(good).catch(() => undefined);
    this.nextOffset = good;
    this.failing = false;
    this.pump();
  }

  private async writeAll(buf: Buffer, position: number): Promise<void> {
    let done = 0;
    while (done < buf.length) {
      const { bytesWritten } = await this.fh.write(buf, done, buf.length - done, position + done);
      done += bytesWritten;
    }
  }

  private async roll(): Promise<void> {
    this.rolling = true;
    try {
      await this.fh.close();
      this.current += 1;
      this.fh = await open(this.path(this.current), WRITE_DSYNC, PRIVATE_FILE_MODE);
      this.sizes.set(this.current, 0);
      this.nextOffset = 0;
      await this.syncDir();
    } catch (err) {
      this.writeError = err as Error;
      const group = this.queue;
      this.queue = [];
      this.refuse({ group, start: 0, end: 0, outcome: err as Error });
    } finally {
      this.rolling = false;
    }
    this.pump();
  }

  /** Where reading should go on from `pos`: past the end of a finished segment means the next one. */
  normalise(pos: LogPosition): LogPosition {
    let p = pos;
    while (p.segment < this.current && p.offset >= (this.sizes.get(p.segment) ?? 0)) {
      p = { segment: p.segment + 1, offset: 0 };
    }
    return p;
  }

  /**
   * Reads up to `max` records from `from`, never past the committed end. Returns them with the
   * position after the last one. Used by the loader to catch up after a restart or a store outage.
   */
  async read(from: LogPosition, max: number): Promise<{ records: EventRecord[]; end: LogPosition }> {
    const records: EventRecord[] = [];
    let pos = this.normalise(from);
    while (records.length < max && comparePositions(pos, this.committed()) < 0) {
      const limit = this.sizes.get(pos.segment) ?? 0;
      const fh = await open(this.path(pos.segment), "r");
      try {
        let carry = Buffer.alloc(0);
        let offset = pos.offset;
        while (offset < limit && records.length < max) {
          const chunk = Buffer.alloc(Math.min(4 << 20, limit - offset));
          const { bytesRead } = await fh.read(chunk, 0, chunk.length, offset);
          if (bytesRead === 0) break;
          const buf = carry.length
            ? Buffer.concat([carry, chunk.subarray(0, bytesRead)])
            : chunk.subarray(0, bytesRead);
          const base = offset - carry.length;
          let start = 0;
          while (records.length < max) {
            const nl = buf.indexOf(10, start);
            if (nl < 0) break;
            records.push(JSON.parse(buf.toString("utf8", start, nl)) as EventRecord);
            start = nl + 1;
          }
          pos = { segment: pos.segment, offset: base + start };
          carry = buf.subarray(start);
          offset += bytesRead;
        }
      } finally {
        await fh.close();
      }
      pos = this.normalise(pos);
    }
    return { records, end: pos };
  }

  /** Everything before `pos` is in the store: whole segments before it can be deleted. */
  async release(pos: LogPosition): Promise<void> {
    this.released = pos;
    for (const s of [...this.sizes.keys()].sort((a, b) => a - b)) {
      if (s >= pos.segment || s >= this.current) break;
      await rm(this.path(s), { force: true });
      this.sizes.delete(s);
    }
  }

  async close(): Promise<void> {
    while (this.inFlight.length || this.queue.length || this.rolling) await new Promise((r) => setTimeout(r, 5));
    await this.fh.close();
  }
}
