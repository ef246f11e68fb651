/** Text pieces are joined into chunks of about this size: one write per piece would cost more than the rows. */
const CHUNK_CHARS = 64 * 1024;

/** Joins small text pieces into chunks of ~64 KiB; the reader pulls, so back-pressure reaches the source. */
export async function* chunked(pieces: AsyncIterable<string>): AsyncGenerator<string> {
  let buffer = "";
  for await (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = "";
    }
  }
  if (buffer) yield buffer;
}
