import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * A small piece of state that must survive restarts (the admin key, the node id): read it from
 * `file`, or create it once. An empty file (a crash between creating and writing it) is replaced.
 */
export async function readOrCreate(
  file: string,
  create: () => string,
  mode = 0o600,
): Promise<{ value: string; created: boolean }> {
  const saved = await readFile(file, "utf8").then(
    (text) => text.trim(),
    () => null,
  );
  if (saved) return { value: saved, created: false };
  const value = create();
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${value}\n`, { mode, flag: saved === null ? "wx" : "w" });
  return { value, created: true };
}
