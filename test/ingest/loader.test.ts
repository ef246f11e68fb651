import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { DeadLetters } from "../../src/ingest/dead-letters.js";
import { DurableLog, type DurableLogOptions } from "../../src/ingest/durable-log.js";
import { Loader, type LoaderOptions } from "../../src/ingest/loader.js";
import type { EventRecord } from "../../src/model/event.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import type { Store } from "../../src/store/port.js";
import { eventsPage } from "../../src/store/queries/events-page.js";
import { statsOf } from "../helpers/store-reads.js";

const T0 = Date.parse("2026-02-01T00:00:00.000Z");
const OPTS: DurableLogOptions = { segmentBytes: 64 * 1024 * 1024, maxBacklogBytes: 1024 * 1024 * 1024 };

let root: string;
let n = 0;
before(async () => {
  root = await mkdtemp(join(tmpdir(), "dte-loader-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

function rec(i: number, action = "click"): EventRecord {
  return {
    event_id: `evt-${String(i).padStart(4, "0")}`,
    event_type: "user_action",
    timestamp: T0 + i * 1000,
    received_at: T0 + i * 1000,
    user_id: "u1",
    session_id: null,
    data: { action },
  };
}
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => rec(from + i));

/**
 * The store as the loader sees it, recording each insert's size and failing the next `failures` inserts
 * (an outage: empty inserts fail too). While `refusing`, it refuses any insert holding an event marked
 * `poison`, as a store refuses a row it cannot take, and answers everything else.
 */
class SpyStore {
  readonly inserts: number[] = [];
  failures = 0;
  refusing = false;
  /** Fails the first empty insert that would move the checkpoint to this position (an outage at that moment). */
  failCheckpointMoveTo: { segment: number; offset: number } | null = null;
  readonly store: Store;
  constructor(readonly real: DuckDbStore) {
    this.store = new Proxy(real, {
      get: (target, prop) => {
        if (prop === "insertEvents") {
          return (events: EventRecord[], node: string, upTo: { segment: number; offset: number }) => {
            if (this.failures > 0) {
              this.failures -= 1;
              return Promise.reject(new Error("store down"));
            }
            const moveTo = this.failCheckpointMoveTo;
            if (!events.length && moveTo && moveTo.segment === upTo.segment && moveTo.offset === upTo.offset) {
              this.failCheckpointMoveTo = null;
              return Promise.reject(new Error("store down"));
            }
            if (this.refusing && events.some((e) => e.data.poison)) {
              return Promise.reject(new Error("Cannot parse input: the poison row"));
            }
            this.inserts.push(events.length);
            return target.insertEvents(events, node, upTo);
          };
        }
        const v = Reflect.get(target, prop);
        return typeof v === "function" ? v.bind(target) : v;
      },
    }) as Store;
  }
}

interface Rig {
  dir: string;
  log: DurableLog;
  db: DuckDbStore;
  spy: SpyStore;
  loader: Loader;
  close(): Promise<void>;
}

async function rig(
  dir: string,
  opts: Partial<LoaderOptions> = {},
  logOpts: DurableLogOptions = OPTS,
  beforeLoader?: (log: DurableLog) => Promise<void>,
): Promise<Rig> {
  const db = await DuckDbStore.open(join(dir, "store.duckdb"));
  await db.migrate();
  const spy = new SpyStore(db);
  const log = await DurableLog.open(join(dir, "log"), logOpts);
  if (beforeLoader) await beforeLoader(log);
  const loader = new Loader(log, spy.store, { node: "node-1", batchSize: 1000, idleMs: 20, ...opts });
  await loader.start();
  return {
    dir,
    log,
    db,
    spy,
    loader,
    async close() {
      await loader.stop();
      await log.close();
      await db.close();
    },
  };
}

const freshDir = () => join(root, `run-${++n}`);
const storedIds = async (db: DuckDbStore) =>
  (await db.run(eventsPage({ limit: 10_000 }))).map((e) => e.event_id).sort();
const idsOf = (records: EventRecord[]) => records.map((e) => e.event_id).sort();

describe("Loader", () => {
  test("events appended to the log reach the store, with the checkpoint", async () => {
    const r = await rig(freshDir());
    try {
      await r.log.append(range(0, 3));
      await r.log.append(range(3, 5));
      await r.loader.drain();
      assert.deepEqual(await storedIds(r.db), idsOf(range(0, 5)));
      assert.deepEqual(await r.db.run(eventsPage({ limit: 1 })), [rec(4)]);
      assert.equal(r.loader.loaded(), 5);
      assert.equal(r.loader.backlogBytes(), 0);
      assert.equal(r.loader.lastStoreError(), null);
      assert.deepEqual(await r.db.loaderCheckpoint("node-1"), r.log.committed());
      assert.equal(
        r.spy.inserts.reduce((a, b) => a + b, 0),
        5,
      );
    } finally {
      await r.close();
    }
  });

  test("an event appended twice with the same event_id is stored once", async () => {
    const r = await rig(freshDir());
    try {
      await r.log.append([rec(1, "first")]);
      await r.log.append([rec(1, "retry"), rec(2)]);
      await r.log.append([rec(2)]);
      await r.loader.drain();
      const stored = await r.db.run(eventsPage({ limit: 100 }));
      assert.deepEqual(
        stored.map((e) => [e.event_id, e.data.action]),
        [
          ["evt-0002", "click"],
          ["evt-0001", "first"],
        ],
      );
      assert.equal((await statsOf(r.db)).total_events, 2);
      assert.equal(r.loader.loaded(), 2);
    } finally {
      await r.close();
    }
  });

  test("stop stores everything already acknowledged", async () => {
    const dir = freshDir();
    const r = await rig(dir);
    await Promise.all([r.log.append(range(0, 4)), r.log.append(range(4, 6))]);
    await r.loader.stop();
    assert.deepEqual(await storedIds(r.db), idsOf(range(0, 6)));
    await r.log.close();
    await r.db.close();
  });

  test("after a reopen the checkpoint resumes where it stopped: nothing is inserted twice", async () => {
    const dir = freshDir();
    const first = await rig(dir);
    await first.log.append(range(0, 4));
    await first.loader.drain();
    assert.equal(first.loader.loaded(), 4);
    const end = first.log.committed();
    await first.close();

    const second = await rig(dir);
    try {
      assert.deepEqual(await second.db.loaderCheckpoint("node-1"), end);
      await second.loader.drain();
      assert.deepEqual(second.spy.inserts, []);
      assert.equal(second.loader.loaded(), 0);

      await second.log.append(range(4, 6));
      await second.loader.drain();
      assert.equal(
        second.spy.inserts.reduce((a, b) => a + b, 0),
        2,
      );
      assert.equal(second.loader.loaded(), 2);
      assert.deepEqual(await statsOf(second.db), { total_events: 6, oldest_event: T0, newest_event: T0 + 5000 });
    } finally {
      await second.close();
    }
  });

  test("events logged before the loader started are read from the files, batchSize at a time", async () => {
    const r = await rig(freshDir(), { batchSize: 2 }, OPTS, async (log) => {
      await log.append(range(0, 3));
      await log.append(range(3, 5));
    });
    try {
      await r.loader.drain();
      assert.deepEqual(r.spy.inserts, [2, 2, 1]);
      assert.deepEqual(await storedIds(r.db), idsOf(range(0, 5)));
      assert.equal(r.loader.loaded(), 5);
    } finally {
      await r.close();
    }
  });

  test("loaded segments are released: only the current one stays", async () => {
    const line = Buffer.byteLength(`${JSON.stringify(rec(0))}\n`);
    const r = await rig(freshDir(), { batchSize: 3 }, { segmentBytes: 2 * line, maxBacklogBytes: 1024 * 1024 });
    try {
      for (let i = 0; i < 7; i++) await r.log.append([rec(i)]);
      await r.loader.drain();
      assert.deepEqual(await storedIds(r.db), idsOf(range(0, 7)));
      assert.deepEqual(r.log.committed(), { segment: 4, offset: line });
      // A segment is deleted once the loader is past it; the current one is kept for appends.
      await r.log.append([rec(7)]);
      await r.loader.drain();
      assert.deepEqual((await readdir(join(r.dir, "log"))).sort(), ["segment-000000000004.ndjson"]);
      assert.equal(r.loader.backlogBytes(), 0);
    } finally {
      await r.close();
    }
  });

  test("a store outage is retried; the events arrive once the store is back", async () => {
    const changes: Array<string | null> = [];
    const r = await rig(freshDir(), { onStoreError: (err) => changes.push(err ? err.message : null) });
    try {
      r.spy.failures = 2;
      await r.log.append(range(0, 3));
      await r.loader.drain();
      assert.deepEqual(await storedIds(r.db), idsOf(range(0, 3)));
      assert.deepEqual(changes, ["store down", null]);
      assert.equal(r.loader.lastStoreError(), null);
      assert.equal(r.loader.loaded(), 3);
    } finally {
      await r.close();
    }
  });

  test("waitFor a position already loaded resolves at once", async () => {
    const r = await rig(freshDir());
    try {
      const end = await r.log.append(range(0, 2));
      await r.loader.waitFor(end);
      assert.equal((await statsOf(r.db)).total_events, 2);
      await r.loader.waitFor({ segment: 1, offset: 0 });
    } finally {
      await r.close();
    }
  });
});

const poisoned = (i: number): EventRecord => ({ ...rec(i), data: { action: "click", poison: true } });

/** A loader with dead letters over a store that refuses poisoned events. */
async function refusingRig(opts: Partial<LoaderOptions> = {}) {
  const dir = freshDir();
  const deadLetters = await DeadLetters.open(join(dir, "dead-letters"));
  const r = await rig(dir, { deadLetters, ...opts });
  r.spy.refusing = true;
  return { dir, deadLetters, r };
}

describe("Loader dead letters", () => {
  test("rows the store refuses go to the dead letters; the others are stored and loading goes on", {
    timeout: 30_000,
  }, async () => {
    const { dir, deadLetters, r } = await refusingRig();
    try {
      const events = range(0, 10).map((e, i) => (i === 3 || i === 7 ? poisoned(i) : e));
      await r.log.append(events);
      await r.loader.drain();
      assert.deepEqual(await storedIds(r.db), idsOf(events.filter((e) => !e.data.poison)));
      assert.equal(r.loader.loaded(), 8);
      assert.equal(r.loader.lastStoreError(), null);
      assert.deepEqual(await r.db.loaderCheckpoint("node-1"), r.log.committed());
      assert.equal(deadLetters.count(), 2);

      const letters = await deadLetters.list();
      assert.deepEqual(
        letters.map((l) => [l.event, l.reason, l.node]),
        [
          [poisoned(3), "Cannot parse input: the poison row", "node-1"],
          [poisoned(7), "Cannot parse input: the poison row", "node-1"],
        ],
      );
      assert.match(letters[0]?.at ?? "", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      const files = await readdir(join(dir, "dead-letters"));
      assert.deepEqual(files, [`${letters[0]?.at.slice(0, 10)}.ndjson`]);
      assert.equal((await stat(join(dir, "dead-letters"))).mode & 0o777, 0o700);
      assert.equal((await stat(join(dir, "dead-letters", files[0] as string))).mode & 0o777, 0o600);
      const summary = await deadLetters.summary();
      assert.deepEqual(summary, {
        count: 2,
        reasons: [{ reason: "Cannot parse input: the poison row", count: 2 }],
        first: letters[0]?.at,
        last: letters[1]?.at,
      });

      // Loading goes on after them; a restart still knows them.
      await r.log.append(range(10, 12));
      await r.loader.drain();
      assert.equal((await statsOf(r.db)).total_events, 10);
      assert.equal((await DeadLetters.open(join(dir, "dead-letters"))).count(), 2);

      // Refused again (a crash before the checkpoint moved): kept once.
      await deadLetters.write(letters);
      assert.equal((await deadLetters.list()).length, 2);

      // The store takes them now: a replay through the log stores them and empties the dead letters.
      r.spy.refusing = false;
      assert.equal(await deadLetters.replay(async (replayed) => void (await r.log.append(replayed))), 2);
      await r.loader.drain();
      assert.equal((await statsOf(r.db)).total_events, 12);
      assert.equal(deadLetters.count(), 0);
      assert.deepEqual(await readdir(join(dir, "dead-letters")), []);
      assert.equal(await deadLetters.replay(async () => assert.fail("nothing to replay")), 0);
    } finally {
      await r.close();
    }
  });

  test("a replay repeated after a crash stores nothing twice, server-made ids included", {
    timeout: 30_000,
  }, async () => {
    const { deadLetters, r } = await refusingRig();
    try {
      const generated: EventRecord = { ...poisoned(1), event_id: "server-made-1", id_generated: true };
      await r.log.append([generated, rec(2)]);
      await r.loader.drain();
      const letters = await deadLetters.list();
      assert.deepEqual(
        letters.map((l) => l.event),
        [generated],
      );
      r.spy.refusing = false;
      const replay = () => deadLetters.replay(async (replayed) => void (await r.log.append(replayed)));
      assert.equal(await replay(), 1);
      await r.loader.drain();
      // The crash left the letter in place: replayed again, it is recognised as stored.
      await deadLetters.write(letters);
      assert.equal(await replay(), 1);
      await r.loader.drain();
      assert.deepEqual(await storedIds(r.db), ["evt-0002", "server-made-1"]);
    } finally {
      await r.close();
    }
  });

  test("an outage just after the refused rows were set aside stores nothing twice, server-made ids included", {
    timeout: 30_000,
  }, async () => {
    const { deadLetters, r } = await refusingRig();
    try {
      const serverMade = (i: number): EventRecord => ({ ...rec(i), event_id: `made-${i}`, id_generated: true });
      const events = [serverMade(1), serverMade(2), poisoned(3), serverMade(4)];
      r.spy.failCheckpointMoveTo = r.log.normalise(await r.log.append(events));
      await r.loader.drain();
      assert.equal(r.spy.failCheckpointMoveTo, null, "the checkpoint move failed once");
      assert.deepEqual(await storedIds(r.db), ["made-1", "made-2", "made-4"]);
      assert.equal((await statsOf(r.db)).total_events, 3);
      assert.equal(r.loader.loaded(), 3);
      assert.deepEqual(
        (await deadLetters.list()).map((l) => l.event.event_id),
        ["evt-0003"],
      );
    } finally {
      await r.close();
    }
  });

  test("an outage (every call fails, the empty probe too) dead-letters nothing; the events arrive once it is over", async () => {
    const changes: Array<string | null> = [];
    const { dir, deadLetters, r } = await refusingRig({
      onStoreError: (err) => changes.push(err ? err.message : null),
    });
    try {
      r.spy.refusing = false;
      r.spy.failures = 6;
      await r.log.append(range(0, 5).map((e, i) => (i === 2 ? poisoned(i) : e)));
      await r.loader.drain();
      assert.equal(r.spy.failures, 0);
      assert.deepEqual(await storedIds(r.db), idsOf(range(0, 5)));
      assert.deepEqual(changes, ["store down", null]);
      assert.equal(deadLetters.count(), 0);
      await assert.rejects(readdir(join(dir, "dead-letters")), { code: "ENOENT" });
    } finally {
      await r.close();
    }
  });

  test("without dead letters every store error is an outage, retried until it passes", async () => {
    let failed: (err: Error) => void = () => undefined;
    const failure = new Promise<Error>((resolve) => {
      failed = resolve;
    });
    const r = await rig(freshDir(), { onStoreError: (err) => err && failed(err) });
    try {
      r.spy.refusing = true;
      await r.log.append([poisoned(1), rec(2)]);
      assert.equal((await failure).message, "Cannot parse input: the poison row");
      assert.deepEqual(await storedIds(r.db), []);
      assert.equal(r.loader.lastStoreError()?.message, "Cannot parse input: the poison row");
      r.spy.refusing = false;
      await r.loader.drain();
      assert.deepEqual(await storedIds(r.db), ["evt-0001", "evt-0002"]);
    } finally {
      await r.close();
    }
  });
});
