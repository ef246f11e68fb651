import assert from "node:assert/strict";
import { cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Backups } from "../../src/backup/backups.js";
import { MANIFEST_FILE, verifyBackup } from "../../src/backup/manifest.js";
import { BackupSchedule } from "../../src/backup/schedule.js";
import { AnalyticsService } from "../../src/service.js";
import type { Store } from "../../src/store/port.js";
import { auditPage } from "../../src/store/queries/audit-page.js";
import { eventSummary } from "../../src/store/queries/event-summary.js";
import { eventsPage } from "../../src/store/queries/events-page.js";
import { storeStats } from "../../src/store/queries/store-stats.js";
import { topValues } from "../../src/store/queries/top-values.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/test-app.js";

const ALL = { from: 0, to: Date.parse("2100-01-01T00:00:00Z") };

/** The answers compared between a store and its restored copy. */
async function answers(store: Store) {
  return {
    events: await store.run(eventsPage({ limit: 100_000 })),
    stats: await store.run(storeStats()),
    summary: await store.run(eventSummary(ALL)),
    top: await store.run(topValues({ ...ALL, field: "user_id", limit: 5 })),
    keys: await store.listApiKeys(),
    audit: await store.run(auditPage({ limit: 1000 })),
  };
}

/** Opens a restored data directory's store through the service, reads, and stops it. */
async function restoredAnswers(dataDirectory: string) {
  const service = new AnalyticsService({ dataDirectory });
  await service.start();
  try {
    return await answers(service.store);
  } finally {
    await service.stop();
  }
}

describe("backup during ingestion, restore into an empty directory", () => {
  let dir: { dir: string; remove(): Promise<void> };
  let service: AnalyticsService;
  before(async () => {
    dir = await tempDir();
    service = new AnalyticsService({ dataDirectory: join(dir.dir, "data"), adminKey: "backup-test-admin-key-0" });
    await service.start();
    await service.keys.create("an ingest key", ["ingest"]);
  });
  after(async () => {
    await service.stop();
    await dir.remove();
  });

  let during: string;
  let quiet: string;
  const acknowledgedBefore: string[] = [];

  test("a backup taken while batches keep arriving holds everything acknowledged before it, each once", async () => {
    let stop = false;
    let n = 0;
    // Events e-1 … e-acked are acknowledged: a batch counts once trackBatch has resolved.
    let acked = 0;
    const ingest = (async () => {
      while (!stop) {
        const batch = Array.from({ length: 50 }, () => {
          n += 1;
          return { eventType: "user_action", eventId: `e-${n}`, userId: `u-${n % 7}`, action: `a-${n % 3}` };
        });
        const r = await service.trackBatch(batch as never);
        assert.equal(r.rejected.length, 0);
        acked = n;
      }
    })();
    while (acked < 1000) await new Promise((r) => setTimeout(r, 5));
    for (let i = 1; i <= acked; i++) acknowledgedBefore.push(`e-${i}`);
    const made = await service.backup({ actor: "test" });
    stop = true;
    await ingest;
    during = made.path;
    const events = made.tables.find((t) => t.table === "events");
    assert.ok(events && events.rows >= acknowledgedBefore.length, `${events?.rows} < ${acknowledgedBefore.length}`);
    await verifyBackup(during);

    await service.pipeline.drain();
    quiet = (await service.backup({ actor: "test" })).path;
  });

  test("dte-analytics restore: the during-ingestion backup gives the source's rows as of the snapshot", async () => {
    const target = join(dir.dir, "restored-during");
    const r = await runCli(["restore", "--from", during, "--data-dir", target]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /events: \d+ rows/);
    const restored = await restoredAnswers(target);
    const manifest = await verifyBackup(during);
    assert.equal(restored.stats[0]?.total_events, manifest.tables.find((t) => t.table === "events")?.rows);
    const ids = new Set(restored.events.map((e) => e.event_id));
    assert.equal(ids.size, restored.events.length, "no event twice");
    for (const id of acknowledgedBefore) assert.ok(ids.has(id), `${id} acknowledged before the backup is missing`);
    const source = await answers(service.store);
    assert.deepEqual(
      restored.events,
      source.events.filter((e) => ids.has(e.event_id)),
    );
    assert.deepEqual(restored.keys, source.keys);
  });

  test("the quiet backup restores to identical counts and query results, the restore audited", async () => {
    const target = join(dir.dir, "restored-quiet");
    const r = await runCli(["restore", "--from", quiet, "--data-dir", target]);
    assert.equal(r.code, 0, r.stderr);
    const source = await answers(service.store);
    const restored = await restoredAnswers(target);
    // The backup holds the trail up to itself; its own entry and the restore's come after.
    const name = basename(quiet);
    assert.deepEqual(
      { ...restored, audit: restored.audit.filter((e) => e.action !== "backup.restore") },
      { ...source, audit: source.audit.filter((e) => e.details.name !== name) },
    );
    const [restoreEntry] = restored.audit.filter((e) => e.action === "backup.restore");
    assert.deepEqual([restoreEntry?.actor, restoreEntry?.target], ["cli", name]);
  });

  test("a tampered or incomplete backup is refused, naming the file; a non-empty target too", async () => {
    const tampered = join(dir.dir, "tampered");
    await cp(quiet, tampered, { recursive: true });
    const file = join(tampered, "events.parquet");
    const bytes = await readFile(file);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
    await writeFile(file, bytes);
    const r = await runCli(["restore", "--from", tampered, "--data-dir", join(dir.dir, "never")]);
    assert.equal(r.code, 3);
    assert.equal(r.stderr.trim(), `Backup refused: ${file}: checksum mismatch (the file was changed)`);
    assert.deepEqual(await readdir(dir.dir).then((d) => d.includes("never")), false, "nothing written");

    const noManifest = join(dir.dir, "no-manifest");
    await cp(quiet, noManifest, { recursive: true });
    await writeFile(join(noManifest, MANIFEST_FILE), "");
    const m = await runCli(["restore", "--from", noManifest, "--data-dir", join(dir.dir, "never")]);
    assert.equal(m.code, 3);
    assert.match(m.stderr, /manifest\.json: no readable manifest/);

    const renamed = join(dir.dir, "renamed-table");
    await cp(quiet, renamed, { recursive: true });
    const manifestFile = join(renamed, MANIFEST_FILE);
    const manifest = JSON.parse(await readFile(manifestFile, "utf8"));
    manifest.tables[0].table = "events; DROP TABLE api_keys";
    await writeFile(manifestFile, JSON.stringify(manifest));
    const n = await runCli(["restore", "--from", renamed, "--data-dir", join(dir.dir, "never-2")]);
    assert.equal(n.code, 3);
    assert.equal(
      n.stderr.trim(),
      `Backup refused: ${renamed}: the manifest names an unknown table 'events; DROP TABLE api_keys'`,
    );
    assert.equal((await readdir(dir.dir)).includes("never-2"), false, "refused before anything is written");

    const full = join(dir.dir, "full");
    await mkdir(full);
    await writeFile(join(full, "something"), "x");
    const f = await runCli(["restore", "--from", quiet, "--data-dir", full]);
    assert.equal(f.code, 2);
    assert.match(f.stderr, /Restore needs an empty data directory; .*full holds 1 entries/);
  });
});

describe("Backups: listing, pruning, partial backups, the schedule", () => {
  test("only directories with a manifest are backups; partial ones are removed; keep the newest n", async () => {
    const dir = await tempDir();
    const service = new AnalyticsService({ dataDirectory: dir.dir, adminKey: "backup-test-admin-key-0" });
    await service.start();
    try {
      const backups = service.backups;
      const a = await backups.create(new Date("2026-01-01T00:00:00Z"));
      const b = await backups.create(new Date("2026-01-02T00:00:00Z"));
      const c = await backups.create(new Date("2026-01-03T00:00:00Z"));
      await mkdir(join(backups.directory, ".partial-backup-x"));
      await mkdir(join(backups.directory, "not-a-backup"));
      assert.deepEqual(
        (await backups.list()).map((x) => x.name),
        [c.name, b.name, a.name],
      );
      assert.deepEqual(await backups.prune(2), [a.name]);
      assert.deepEqual(await backups.removePartials(), [".partial-backup-x"]);
      assert.deepEqual((await readdir(backups.directory)).sort(), [b.name, c.name, "not-a-backup"].sort());

      const other = new Backups(service.store, backups.directory);
      const audit = { entries: [] as unknown[], record: async (e: unknown) => void audit.entries.push(e) };
      const mine = new BackupSchedule(backups, service.store, audit, { node: "n1", intervalHours: 1, keep: 2 });
      const theirs = new BackupSchedule(other, service.store, audit, { node: "n2", intervalHours: 1, keep: 2 });
      const now = Date.parse("2026-01-04T00:00:00Z");
      const name = await mine.runOnce(now);
      assert.ok(name);
      assert.equal(await theirs.runOnce(now + 1000), null, "one node per interval: n1 holds the lease");
      assert.deepEqual(
        (await backups.list()).map((x) => x.name),
        [name, c.name],
      );
      assert.equal(audit.entries.length, 1);
    } finally {
      await service.stop();
      await dir.remove();
    }
  });
});
