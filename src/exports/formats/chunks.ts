/** Text pieces are joined into chunks of about this size: one write per piece would cost more than the rows. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Joins small text pieces into chunks of ~64 KiB; the reader pulls, so back-pressure reaches the
 * source. When the source fails after a chunk left, what was joined since still leaves before the
 * error; a failure before the first chunk leaves nothing (it can still be an ordinary error answer).
 */
export async function* chunked(pieces: AsyncIterable<string>): AsyncGenerator<string> {
  let buffer = "";
  let started = false;
  try {
    for await (const piece of pieces) {
      buffer += piece;
      if (buffer.length >= CHUNK_CHARS) {
        started = true;
        yield buffer;
        buffer = "";
      }
    }
  } catch (err) {
    if (started && buffer) yield buffer;
    throw err;
  }
  if (buffer) yield buffer;
}
