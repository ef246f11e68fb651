import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { TableDump } from "../store/port.js";
import { sha256File } from "./files.js";

/** Written last into a backup: a directory without it is not a backup. */
export const MANIFEST_FILE = "manifest.json";
export const MANIFEST_FORMAT = 1;

export interface BackupManifest {
  format: number;
  name: string;
  created_at: string;
  engine: string;
  dump_format: string;
  schema_version: number;
  tables: Array<TableDump & { bytes: number; sha256: string }>;
  /** The loader checkpoints (per node) read with the snapshot. */
  checkpoints: Array<{ node: string; segment: number; offset: number }>;
}

/** A backup that is incomplete, tampered with or unreadable; the message names the file. */
export class BackupVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupVerificationError";
  }
}

/** Reads a backup's manifest and checks every file against its SHA-256; the manifest when all match. */
export async function verifyBackup(dir: string): Promise<BackupManifest> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), "utf8")) as BackupManifest;
  } catch (err) {
    throw new BackupVerificationError(`${join(dir, MANIFEST_FILE)}: no readable manifest (${(err as Error).message})`);
  }
  if (manifest.format !== MANIFEST_FORMAT || !Array.isArray(manifest.tables)) {
    throw new BackupVerificationError(
      `${join(dir, MANIFEST_FILE)}: not a backup manifest of format ${MANIFEST_FORMAT}`,
    );
  }
  for (const t of manifest.tables) {
    // Only plain file names: a manifest must not point outside its backup.
    if (!/^[A-Za-z0-9_.-]+$/.test(t.file) || t.file.startsWith(".")) {
      throw new BackupVerificationError(`${join(dir, MANIFEST_FILE)}: bad file name '${t.file}'`);
    }
    const path = join(dir, t.file);
    const actual = await sha256File(path).catch(() => null);
    if (actual === null) throw new BackupVerificationError(`${path}: missing`);
    if (actual !== t.sha256) throw new BackupVerificationError(`${path}: checksum mismatch (the file was changed)`);
  }
  return manifest;
}
