import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { type DeadLetter, DeadLetters, deadLetterDirectory } from "../../src/ingest/dead-letters.js";
import type { EventRecord } from "../../src/model/event.js";
import { AnalyticsService } from "../../src/service.js";
import { eventsPage } from "../../src/store/queries/events-page.js";
import { runCli as cli } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/test-app.js";

const T0 = Date.now() - 3_600_000;

function event(id: string, timestamp = T0): EventRecord {
  return {
    event_id: id,
    event_type: "user_action",
    timestamp,
    received_at: T0,
    user_id: "u-dl",
    session_id: null,
    data: { action: id },
  };
}
const letter = (e: EventRecord, reason: string, at: string): DeadLetter => ({ event: e, reason, at, node: "node-a" });

describe("dte-analytics dead-letters", () => {
  const dirs: Array<{ remove(): Promise<void> }> = [];
  after(async () => {
    for (const d of dirs) await d.remove();
  });

  test("lists the count, reasons and times; replay stores them once and empties the list", async () => {
    const d = await tempDir();
    dirs.push(d);
    const dir = deadLetterDirectory(d.dir);
    assert.equal((await cli(["dead-letters", "--data-dir", d.dir])).stdout, `No dead letters in ${dir}.\n`);

    const letters = await DeadLetters.open(dir);
    await letters.write([
      letter(event("dl-1"), "Conversion Error: value out of range", "2026-02-01T10:00:00.000Z"),
      letter(event("dl-2"), "Conversion Error: value out of range", "2026-02-01T10:00:01.000Z"),
    ]);
    await letters.write([letter(event("dl-3"), "Malformed UTF-8", "2026-02-01T11:30:00.000Z")]);

    const listed = await cli(["dead-letters", "--data-dir", d.dir]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(
      listed.stdout,
      [
        `3 dead letters in ${dir}, first 2026-02-01T10:00:00.000Z, last 2026-02-01T11:30:00.000Z.`,
        "Reasons:",
        "  2 × Conversion Error: value out of range",
        "  1 × Malformed UTF-8",
        "Once the cause is fixed, re-ingest them with: dte-analytics dead-letters replay",
        "",
      ].join("\n"),
    );

    const replayed = await cli(["dead-letters", "replay", "--data-dir", d.dir]);
    assert.equal(replayed.code, 0, replayed.stderr);
    assert.equal(replayed.stdout, "Replayed 3 dead letters: 3 stored, 0 refused again.\n");
    assert.equal((await cli(["dead-letters", "--data-dir", d.dir])).stdout, `No dead letters in ${dir}.\n`);

    // A replay repeated after a crash (the letters came back) stores nothing twice.
    await (await DeadLetters.open(dir)).write([
      letter(event("dl-1"), "Conversion Error: value out of range", "2026-02-01T10:00:00.000Z"),
    ]);
    assert.equal(
      (await cli(["dead-letters", "replay", "--data-dir", d.dir])).stdout,
      "Replayed 1 dead letter: 1 stored, 0 refused again.\n",
    );
    const service = new AnalyticsService({ dataDirectory: d.dir });
    await service.start();
    try {
      const stored = await service.store.run(eventsPage({ userId: "u-dl", limit: 10 }));
      assert.deepEqual(stored.map((e) => [e.event_id, e.data.action]).sort(), [
        ["dl-1", "dl-1"],
        ["dl-2", "dl-2"],
        ["dl-3", "dl-3"],
      ]);
    } finally {
      await service.stop();
    }
  });

  test("an event the store still refuses is a dead letter again after the replay", async () => {
    const d = await tempDir();
    dirs.push(d);
    const dir = deadLetterDirectory(d.dir);
    // A time no BIGINT column holds: the embedded store refuses the row itself.
    await (await DeadLetters.open(dir)).write([
      letter(event("dl-huge", 1e300), "Conversion Error", "2026-02-01T10:00:00.000Z"),
      letter(event("dl-fine"), "Conversion Error", "2026-02-01T10:00:00.000Z"),
    ]);
    const replayed = await cli(["dead-letters", "replay", "--data-dir", d.dir]);
    assert.equal(replayed.code, 0, replayed.stderr);
    assert.equal(
      replayed.stdout,
      "Replayed 2 dead letters: 1 stored, 1 refused again.\nSee why with: dte-analytics dead-letters\n",
    );
    const left = await (await DeadLetters.open(dir)).list();
    assert.deepEqual(
      left.map((l) => l.event.event_id),
      ["dl-huge"],
    );
    assert.match(left[0]?.reason ?? "", /./);
    assert.notEqual(left[0]?.reason, "Conversion Error", "the reason is the store's own, from the replay");
  });
});
