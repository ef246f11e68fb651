import { mkdir, open, readdir, readFile, rename, unlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { EventRecord } from "../model/event.js";
import { Serial } from "../util/serial.js";

/** An event the store refused for a reason other than being unreachable, kept so that it is never lost. */
export interface DeadLetter {
  event: EventRecord;
  /** The store's error message. */
  reason: string;
  /** When it was refused (ISO 8601 UTC). */
  at: string;
  /** The node whose loader refused it. */
  node: string;
}

export interface DeadLetterSummary {
  count: number;
  /** Each distinct reason with how many letters give it, most frequent first. */
  reasons: Array<{ reason: string; count: number }>;
  /** When the oldest and the newest letter were written. */
  first: string | null;
  last: string | null;
}

const FILE = /^\d{4}-\d{2}-\d{2}\.ndjson$/;

/** Where a node keeps its dead letters: beside its durable log, under its data directory. */
export function deadLetterDirectory(dataDirectory: string): string {
  return join(resolve(dataDirectory), "dead-letters");
}

/**
 * The dead-letter files, `<dir>/<UTC day>.ndjson` (mode 0600, in a 0700 directory): one JSON line per
 * refused event, fsynced before the loader's checkpoint moves past the event. An event id is kept
 * once however often it is refused (a crash before the checkpoint moved refuses it again). Writes,
 * replays and removals run one at a time, so a replayed event refused again is never lost.
 */
export class DeadLetters {
  private readonly serial = new Serial();

  private constructor(
    readonly dir: string,
    private readonly ids: Set<string>,
  ) {}

  static async open(dir: string): Promise<DeadLetters> {
    const letters = await readLetters(dir);
    return new DeadLetters(dir, new Set(letters.map((l) => l.letter.event.event_id)));
  }

  /** How many events are dead-lettered now. */
  count(): number {
    return this.ids.size;
  }

  /** Appends the letters (those whose event is not dead-lettered already) and fsyncs them. */
  write(letters: DeadLetter[]): Promise<void> {
    return this.serial.run(async () => {
      const fresh = letters.filter((l) => !this.ids.has(l.event.event_id));
      if (!fresh.length) return;
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      const name = `${fresh[0]?.at.slice(0, 10)}.ndjson`;
      const created = !(await readdir(this.dir)).includes(name);
      const file = await open(join(this.dir, name), "a", 0o600);
      try {
        await file.write(fresh.map((l) => `${JSON.stringify(l)}\n`).join(""));
        await file.datasync();
      } finally {
        await file.close();
      }
      if (created) await syncDirectory(this.dir);
      for (const l of fresh) this.ids.add(l.event.event_id);
    });
  }

  /** Every letter, oldest file first. */
  async list(): Promise<DeadLetter[]> {
    return (await readLetters(this.dir)).map((l) => l.letter);
  }

  async summary(): Promise<DeadLetterSummary> {
    const letters = await this.list();
    const reasons = new Map<string, number>();
    for (const l of letters) reasons.set(l.reason, (reasons.get(l.reason) ?? 0) + 1);
    const times = letters.map((l) => l.at).sort();
    return {
      count: letters.length,
      reasons: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
      first: times[0] ?? null,
      last: times[times.length - 1] ?? null,
    };
  }

  /**
   * Hands every letter's event to `ingest` (the durable log) and, once that resolved, removes the
   * letters. Events keep their ids, so a replay repeated after a crash stores nothing twice.
   */
  replay(ingest: (events: EventRecord[]) => Promise<void>): Promise<number> {
    return this.serial.run(async () => {
      const letters = await readLetters(this.dir);
      if (!letters.length) return 0;
      await ingest(letters.map(({ letter }) => withIdLookedFor(letter.event)));
      const byFile = new Map<string, Set<string>>();
      for (const l of letters) byFile.set(l.file, (byFile.get(l.file) ?? new Set()).add(l.line));
      for (const [file, lines] of byFile) await removeLines(join(this.dir, file), lines);
      for (const l of letters) this.ids.delete(l.letter.event.event_id);
      return letters.length;
    });
  }
}

interface StoredLetter {
  file: string;
  line: string;
  letter: DeadLetter;
}

async function readLetters(dir: string): Promise<StoredLetter[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => FILE.test(f)).sort();
  const out: StoredLetter[] = [];
  for (const file of files) {
    for (const line of (await readFile(join(dir, file), "utf8")).split("\n")) {
      const letter = parse(line);
      if (letter) out.push({ file, line, letter });
    }
  }
  return out;
}

/** A line torn by a crash was never fsynced, so its event was not checkpointed: it is refused again later. */
function parse(line: string): DeadLetter | null {
  if (!line) return null;
  try {
    const l = JSON.parse(line) as DeadLetter;
    return typeof l.event?.event_id === "string" && typeof l.reason === "string" ? l : null;
  } catch {
    return null;
  }
}

/** Rewrites `path` without `lines` (atomically: a synced copy renamed over it); deletes it when nothing is left. */
async function removeLines(path: string, lines: Set<string>): Promise<void> {
  const kept = (await readFile(path, "utf8")).split("\n").filter((l) => parse(l) && !lines.has(l));
  if (!kept.length) {
    await unlink(path);
  } else {
    const tmp = `${path}.tmp`;
    const file = await open(tmp, "w", 0o600);
    try {
      await file.write(kept.map((l) => `${l}\n`).join(""));
      await file.datasync();
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  }
  await syncDirectory(join(path, ".."));
}

async function syncDirectory(dir: string): Promise<void> {
  const d = await open(dir, "r");
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}

/** The event as a retry of a known id: the store looks for an earlier copy even of a server-made id. */
export function withIdLookedFor(event: EventRecord): EventRecord {
  const { id_generated: _, ...rest } = event;
  return rest;
}
