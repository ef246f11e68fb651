import { constants } from "node:fs";
import { open, rm } from "node:fs/promises";
import { join } from "node:path";
import { PRIVATE_FILE_MODE } from "./private-files.js";

/** One file-system block: the smallest write that needs free space, where a shorter one may fit in a used block. */
const PROBE_BYTES = 4096;
const PROBE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_DSYNC;

let probes = 0;

/**
 * Resolves when `dir` takes a synchronous write now; rejects with the file system's error otherwise
 * (ENOSPC on a full disk, EROFS, EIO). The probe file is removed either way.
 */
export async function probeWritable(dir: string): Promise<void> {
  const file = join(dir, `.write-probe-${process.pid}-${++probes}`);
  try {
    const fh = await open(file, PROBE_FLAGS, PRIVATE_FILE_MODE);
    try {
      const { bytesWritten } = await fh.write(Buffer.alloc(PROBE_BYTES), 0, PROBE_BYTES, 0);
      if (bytesWritten < PROBE_BYTES) throw new Error(`only ${bytesWritten} of ${PROBE_BYTES} bytes could be written`);
    } finally {
      await fh.close();
    }
  } finally {
    await rm(file, { force: true });
  }
}
