import { chmod, mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";

/**
 * The data directory holds every event, IP address and key hash: only the server's own user may
 * read it. New files are made with these modes; files and directories left by an earlier version
 * (or by DuckDB, which follows the umask) are tightened at start.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) owner-only, and tightens it if it already existed. */
export async function makePrivateDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await chmod(dir, PRIVATE_DIR_MODE);
}

/** Tightens files that exist to owner read/write; missing ones are skipped (e.g. a WAL not written yet). */
export async function makePrivateFiles(files: string[]): Promise<void> {
  for (const file of files) {
    await chmod(file, PRIVATE_FILE_MODE).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") throw err;
    });
  }
}

/** `dir` and everything below it: directories 0700, files 0600. */
export async function makePrivateTree(dir: string): Promise<void> {
  await makePrivateDirectory(dir);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await makePrivateTree(path);
    else if (entry.isFile()) await makePrivateFiles([path]);
  }
}
