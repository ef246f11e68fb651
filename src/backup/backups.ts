import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Store } from "../store/port.js";
import { makePrivateDirectory } from "../util/private-files.js";
import { Serial } from "../util/serial.js";
import { fsyncPath, sha256File } from "./files.js";
import { type BackupManifest, MANIFEST_FILE, MANIFEST_FORMAT } from "./manifest.js";
import { backupTables, schemaVersion } from "./tables.js";

/** A backup being written lives under this prefix until it is complete. */
const PARTIAL_PREFIX = ".partial-";

export interface BackupInfo extends BackupManifest {
  path: string;
}

/**
 * Backups under one directory: each a directory `backup-<time>-<id>` holding a file per table, with
 * their SHA-256 in `manifest.json`. A backup is written into a `.partial-` directory, every file
 * fsynced, the manifest written last, then renamed into place: a crash leaves no half backup that
 * looks complete, and the next start removes what it left.
 */
export class Backups {
  private readonly serial = new Serial();

  constructor(
    private readonly store: Store,
    readonly directory: string,
  ) {}

  /** Takes a snapshot of every table while ingestion goes on; one backup at a time. */
  create(now = new Date()): Promise<BackupInfo> {
    return this.serial.run(async () => {
      await makePrivateDirectory(this.directory);
      const name = `backup-${now.toISOString().replace(/[-:.]/g, "")}-${randomUUID().slice(0, 8)}`;
      const partial = join(this.directory, `${PARTIAL_PREFIX}${name}`);
      await mkdir(partial, { mode: 0o700 });
      try {
        const snapshot = await this.store.snapshotTables(backupTables(this.store.engine), partial);
        const tables: BackupManifest["tables"] = [];
        for (const t of snapshot.tables) {
          const path = join(partial, t.file);
          await fsyncPath(path);
          tables.push({ ...t, bytes: (await stat(path)).size, sha256: await sha256File(path) });
        }
        const manifest: BackupManifest = {
          format: MANIFEST_FORMAT,
          name,
          created_at: now.toISOString(),
          engine: this.store.engine,
          dump_format: this.store.dumpFormat,
          schema_version: schemaVersion(this.store.engine),
          tables,
          checkpoints: snapshot.checkpoints,
        };
        await writeFile(join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
        await fsyncPath(join(partial, MANIFEST_FILE));
        await fsyncPath(partial);
        const path = join(this.directory, name);
        await rename(partial, path);
        await fsyncPath(this.directory);
        return { ...manifest, path };
      } catch (err) {
        await rm(partial, { recursive: true, force: true });
        throw err;
      }
    });
  }

  /** Complete backups, newest first. A directory without a manifest is not one. */
  async list(): Promise<BackupInfo[]> {
    const entries = await readdir(this.directory, { withFileTypes: true }).catch(() => []);
    const found: BackupInfo[] = [];
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith(".")) continue;
      const path = join(this.directory, e.name);
      const manifest = await readManifest(path);
      if (manifest) found.push({ ...manifest, path });
    }
    return found.sort((a, b) => b.created_at.localeCompare(a.created_at) || b.name.localeCompare(a.name));
  }

  /** Keeps the newest `keep` backups; returns the names removed. */
  async prune(keep: number): Promise<string[]> {
    const old = (await this.list()).slice(keep);
    for (const b of old) await rm(b.path, { recursive: true, force: true });
    return old.map((b) => b.name);
  }

  /** Removes what interrupted backups left (`.partial-` directories); returns their names. */
  async removePartials(): Promise<string[]> {
    const entries = await readdir(this.directory, { withFileTypes: true }).catch(() => []);
    const partial = entries.filter((e) => e.isDirectory() && e.name.startsWith(PARTIAL_PREFIX)).map((e) => e.name);
    for (const name of partial) await rm(join(this.directory, name), { recursive: true, force: true });
    return partial;
  }
}

/** The manifest of a directory that has one; its checksums are checked by verifyBackup (restore, `backup --verify`). */
async function readManifest(dir: string): Promise<BackupManifest | null> {
  try {
    return JSON.parse(await readFile(join(dir, MANIFEST_FILE), "utf8")) as BackupManifest;
  } catch {
    return null;
  }
}
