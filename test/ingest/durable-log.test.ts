import assert from "node:assert/strict";
import { appendFile, chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { UnavailableError } from "../../src/errors.js";
import { type CommittedGroup, DurableLog } from "../../src/ingest/durable-log.js";
import type { EventRecord } from "../../src/model/event.js";

const T0 = Date.parse("2026-02-01T00:00:00.000Z");
const BIG = { segmentBytes: 64 * 1024 * 1024, maxBacklogBytes: 1024 * 1024 * 1024 };

let root: string;
let n = 0;
before(async () => {
  root = await mkdtemp(join(tmpdir(), "dte-log-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const freshDir = () => join(root, `log-${++n}`);

/** Records of one fixed size, so that byte positions are easy to predict. */
function rec(i: number): EventRecord {
  return {
    event_id: `evt-${String(i).padStart(4, "0")}`,
    event_type: "user_action",
    timestamp: T0 + i,
    received_at: T0 + i,
    user_id: "u1",
    session_id: null,
    data: { action: "click" },
  };
}
const LINE = Buffer.byteLength(`${JSON.stringify(rec(0))}\n`);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => rec(from + i));
const segName = (s: number) => `segment-${String(s).padStart(12, "0")}.ndjson`;
const segments = async (dir: string) => (await readdir(dir)).filter((f) => f.endsWith(".ndjson")).sort();

describe("DurableLog: append and read", () => {
  test("a new log starts empty at segment 1", async () => {
    const dir = freshDir();
    const log = await DurableLog.open(dir, BIG);
    assert.deepEqual(log.committed(), { segment: 1, offset: 0 });
    assert.deepEqual(log.oldest(), { segment: 1, offset: 0 });
    assert.deepEqual(await log.read({ segment: 1, offset: 0 }, 10), { records: [], end: { segment: 1, offset: 0 } });
    assert.deepEqual(await segments(dir), [segName(1)]);
    await log.close();
  });

  test("appends resolve with the end position; reading gives the records back in order", async () => {
    const dir = freshDir();
    const log = await DurableLog.open(dir, BIG);
    assert.deepEqual(await log.append([rec(1), rec(2)]), { segment: 1, offset: 2 * LINE });
    assert.deepEqual(await log.append([rec(3)]), { segment: 1, offset: 3 * LINE });
    assert.deepEqual(log.committed(), { segment: 1, offset: 3 * LINE });
    assert.deepEqual(await log.read(log.oldest(), 100), {
      records: [rec(1), rec(2), rec(3)],
      end: { segment: 1, offset: 3 * LINE },
    });
    // NDJSON on disk, one record a line.
    const text = await readFile(join(dir, segName(1)), "utf8");
    assert.deepEqual(
      text
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l)),
      [rec(1), rec(2), rec(3)],
    );
    await log.close();
  });

  test("read stops at max and continues from where it stopped", async () => {
    const log = await DurableLog.open(freshDir(), BIG);
    await log.append(range(0, 5));
    const first = await log.read({ segment: 1, offset: 0 }, 2);
    assert.deepEqual(first, { records: [rec(0), rec(1)], end: { segment: 1, offset: 2 * LINE } });
    const rest = await log.read(first.end, 100);
    assert.deepEqual(rest, { records: [rec(2), rec(3), rec(4)], end: { segment: 1, offset: 5 * LINE } });
    assert.deepEqual(await log.read(rest.end, 100), { records: [], end: { segment: 1, offset: 5 * LINE } });
    await log.close();
  });

  test("concurrent appends are committed together and each learns its own end", async () => {
    const log = await DurableLog.open(freshDir(), BIG);
    const groups: CommittedGroup[] = [];
    log.onCommit((g) => groups.push(g));
    const ends = await Promise.all([log.append([rec(0)]), log.append([rec(1), rec(2)]), log.append([rec(3)])]);
    assert.deepEqual(
      ends.map((e) => e.offset),
      [LINE, 3 * LINE, 4 * LINE],
    );
    assert.deepEqual(
      groups.flatMap((g) => g.records),
      range(0, 4),
    );
    // Groups follow on from each other and together span the log.
    assert.deepEqual(groups[0]?.start, { segment: 1, offset: 0 });
    for (let i = 1; i < groups.length; i++) assert.deepEqual(groups[i]?.start, groups[i - 1]?.end);
    assert.deepEqual(groups.at(-1)?.end, { segment: 1, offset: 4 * LINE });
    await log.close();
  });

  test("a reopened log goes on where it ended", async () => {
    const dir = freshDir();
    const log = await DurableLog.open(dir, BIG);
    await log.append(range(0, 3));
    await log.close();
    const again = await DurableLog.open(dir, BIG);
    assert.deepEqual(again.committed(), { segment: 1, offset: 3 * LINE });
    assert.deepEqual(await again.append([rec(3)]), { segment: 1, offset: 4 * LINE });
    assert.deepEqual((await again.read({ segment: 1, offset: 0 }, 100)).records, range(0, 4));
    await again.close();
  });
});

describe("DurableLog: segments", () => {
  // Room for 3 records a segment.
  const SMALL = { segmentBytes: 3 * LINE + 10, maxBacklogBytes: 1024 * 1024 };

  test("rolls over to a new segment when the next write would not fit", async () => {
    const dir = freshDir();
    const log = await DurableLog.open(dir, SMALL);
    for (let i = 0; i < 8; i++) await log.append([rec(i)]);
    assert.deepEqual(await segments(dir), [segName(1), segName(2), segName(3)]);
    assert.equal((await stat(join(dir, segName(1)))).size, 3 * LINE);
    assert.equal((await stat(join(dir, segName(2)))).size, 3 * LINE);
    assert.equal((await stat(join(dir, segName(3)))).size, 2 * LINE);
    assert.deepEqual(log.committed(), { segment: 3, offset: 2 * LINE });
    assert.equal(log.bytesAfter({ segment: 1, offset: 0 }), 8 * LINE);
    assert.equal(log.bytesAfter({ segment: 2, offset: LINE }), 4 * LINE);

    // Reading crosses segment boundaries, in order.
    assert.deepEqual(await log.read({ segment: 1, offset: 0 }, 100), {
      records: range(0, 8),
      end: { segment: 3, offset: 2 * LINE },
    });
    // A read that stops at a segment's end goes on in the next one.
    const part = await log.read({ segment: 1, offset: LINE }, 2);
    assert.deepEqual(part, { records: [rec(1), rec(2)], end: { segment: 2, offset: 0 } });
    assert.deepEqual((await log.read(part.end, 4)).records, range(3, 7));
    await log.close();
  });

  test("a group larger than a segment is written whole into its own segment", async () => {
    const dir = freshDir();
    const log = await DurableLog.open(dir, SMALL);
    await log.append([rec(0)]);
    assert.deepEqual(await log.append(range(1, 6)), { segment: 2, offset: 5 * LINE });
    assert.deepEqual(await segments(dir), [segName(1), segName(2)]);
    assert.deepEqual((await log.read({ segment: 1, offset: 0 }, 100)).records, range(0, 6));
    await log.close();
  });

  test("reopening finds every segment and appends to the last", async () => {
    const dir = freshDir();
    const log = await DurableLog.open(dir, SMALL);
    for (let i = 0; i < 5; i++) await log.append([rec(i)]);
    await log.close();
    const again = await DurableLog.open(dir, SMALL);
    assert.deepEqual(again.committed(), { segment: 2, offset: 2 * LINE });
    assert.deepEqual(again.oldest(), { segment: 1, offset: 0 });
    await again.append([rec(5)]);
    await again.append([rec(6)]);
    assert.deepEqual(again.committed(), { segment: 3, offset: LINE });
    assert.deepEqual((await again.read(again.oldest(), 100)).records, range(0, 7));
    await again.close();
  });

  test("release deletes whole segments before the position, never the current one", async () => {
    const dir = freshDir();
    const log = await DurableLog.open(dir, SMALL);
    for (let i = 0; i < 8; i++) await log.append([rec(i)]);

    await log.release({ segment: 2, offset: LINE });
    assert.deepEqual(await segments(dir), [segName(2), segName(3)]);
    assert.deepEqual(log.oldest(), { segment: 2, offset: LINE });
    assert.equal(log.bytesAfter(log.oldest()), 4 * LINE);
    assert.deepEqual((await log.read(log.oldest(), 100)).records, range(4, 8));

    await log.release({ segment: 9, offset: 0 });
    assert.deepEqual(await segments(dir), [segName(3)]);
    await log.close();

    // After a reopen the oldest kept segment is where reading starts.
    const again = await DurableLog.open(dir, SMALL);
    assert.deepEqual(again.oldest(), { segment: 3, offset: 0 });
    assert.deepEqual((await again.read(again.oldest(), 100)).records, range(6, 8));
    await again.close();
  });
});

describe("DurableLog: crash recovery", () => {
  test("a torn last line is cut off on reopen; the records before it survive", async () => {
    const dir = freshDir();
    const log = await DurableLog.open(dir, BIG);
    await log.append(range(0, 3));
    await log.close();
    // What a crash in the middle of a write leaves: part of a line, no newline.
    await appendFile(join(dir, segName(1)), '{"event_id":"evt-torn","event_type":"user_ac');

    const again = await DurableLog.open(dir, BIG);
    assert.equal((await stat(join(dir, segName(1)))).size, 3 * LINE);
    assert.deepEqual(again.committed(), { segment: 1, offset: 3 * LINE });
    assert.deepEqual((await again.read({ segment: 1, offset: 0 }, 100)).records, range(0, 3));
    // New appends go right after the last whole record.
    await again.append([rec(3)]);
    assert.deepEqual((await again.read({ segment: 1, offset: 0 }, 100)).records, range(0, 4));
    await again.close();
  });

  test("a group that landed before an earlier one was never acknowledged: the log is cut at the gap", async () => {
    const dir = freshDir();
    const log = await DurableLog.open(dir, BIG);
    await log.append(range(0, 2));
    await log.close();
    // Concurrent writes: the later group is on disk, the earlier one's range never got written (zeros).
    const later = `${JSON.stringify(rec(3))}\n`;
    await appendFile(join(dir, segName(1)), Buffer.concat([Buffer.alloc(LINE), Buffer.from(later)]));

    const again = await DurableLog.open(dir, BIG);
    assert.deepEqual(again.committed(), { segment: 1, offset: 2 * LINE });
    assert.equal((await stat(join(dir, segName(1)))).size, 2 * LINE);
    assert.deepEqual((await again.read({ segment: 1, offset: 0 }, 100)).records, range(0, 2));
    await again.close();
  });

  test("concurrent appends are acknowledged in log order, each with its own end", async () => {
    const log = await DurableLog.open(freshDir(), BIG);
    const ends = await Promise.all(Array.from({ length: 20 }, (_, i) => log.append([rec(i)])));
    assert.deepEqual(
      ends,
      Array.from({ length: 20 }, (_, i) => ({ segment: 1, offset: (i + 1) * LINE })),
    );
    assert.deepEqual((await log.read({ segment: 1, offset: 0 }, 100)).records, range(0, 20));
    await log.close();
  });

  test("a segment holding only a torn line is emptied", async () => {
    const dir = freshDir();
    await (await DurableLog.open(dir, BIG)).close();
    await writeFile(join(dir, segName(1)), '{"event_id":"half');
    const log = await DurableLog.open(dir, BIG);
    assert.deepEqual(log.committed(), { segment: 1, offset: 0 });
    assert.equal((await stat(join(dir, segName(1)))).size, 0);
    assert.deepEqual(await log.append([rec(0)]), { segment: 1, offset: LINE });
    assert.deepEqual((await log.read({ segment: 1, offset: 0 }, 10)).records, [rec(0)]);
    await log.close();
  });

  test("only the last segment is cut; earlier segments are complete", async () => {
    const dir = freshDir();
    const opts = { segmentBytes: 2 * LINE, maxBacklogBytes: 1024 * 1024 };
    const log = await DurableLog.open(dir, opts);
    for (let i = 0; i < 3; i++) await log.append([rec(i)]);
    await log.close();
    await appendFile(join(dir, segName(2)), "{");
    const again = await DurableLog.open(dir, opts);
    assert.deepEqual(again.committed(), { segment: 2, offset: LINE });
    assert.deepEqual((await again.read({ segment: 1, offset: 0 }, 100)).records, range(0, 3));
    await again.close();
  });
});

describe("DurableLog: backlog cap", () => {
  test("appends are refused with 503 once the unloaded backlog reaches the cap, and resume after release", async () => {
    const log = await DurableLog.open(freshDir(), { segmentBytes: 1024 * 1024, maxBacklogBytes: 3 * LINE });
    await log.append(range(0, 2));
    // 2 lines < cap: accepted, even though it takes the backlog past the cap.
    await log.append(range(2, 4));
    assert.equal(log.bytesAfter(log.oldest()), 4 * LINE);
    await assert.rejects(
      log.append([rec(4)]),
      (err: unknown) =>
        err instanceof UnavailableError &&
        err.status === 503 &&
        err.retryAfterSeconds === 5 &&
        err.message === "The ingestion backlog is full while the store catches up; retry shortly",
    );
    assert.deepEqual(log.committed(), { segment: 1, offset: 4 * LINE });

    // The loader stored the first three: the backlog is one line, so appends go through again.
    await log.release({ segment: 1, offset: 3 * LINE });
    assert.deepEqual(await log.append([rec(4)]), { segment: 1, offset: 5 * LINE });
    assert.deepEqual((await log.read({ segment: 1, offset: 0 }, 100)).records, range(0, 5));
    await log.close();
  });
});

describe("DurableLog: file modes", () => {
  const mode = async (path: string) => (await stat(path)).mode & 0o777;

  test("the log directory is 0700 and its segments 0600, new ones included", async () => {
    const dir = freshDir();
    const log = await DurableLog.open(dir, { segmentBytes: 2 * LINE, maxBacklogBytes: 1024 * 1024 });
    await log.append(range(0, 2));
    await log.append(range(2, 3));
    assert.deepEqual(await segments(dir), [segName(1), segName(2)]);
    assert.equal(await mode(dir), 0o700);
    assert.equal(await mode(join(dir, segName(1))), 0o600);
    assert.equal(await mode(join(dir, segName(2))), 0o600, "a segment started by rolling over");
    await log.close();
  });

  test("a log left readable by others (an earlier version) is tightened when opened", async () => {
    const dir = freshDir();
    await mkdir(dir, { mode: 0o755 });
    await writeFile(join(dir, segName(1)), `${JSON.stringify(rec(0))}\n`, { mode: 0o644 });
    await chmod(dir, 0o755);
    const log = await DurableLog.open(dir, BIG);
    assert.equal(await mode(dir), 0o700);
    assert.equal(await mode(join(dir, segName(1))), 0o600);
    assert.deepEqual((await log.read(log.oldest(), 10)).records, [rec(0)]);
    await log.close();
  });
});
