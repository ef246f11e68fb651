/** Splits a text/event-stream into its events' data; comments (heartbeats) and other fields are skipped. */
export function* sseData(buffer: { text: string }): Generator<string> {
  for (;;) {
    const end = buffer.text.indexOf("\n\n");
    if (end < 0) return;
    const block = buffer.text.slice(0, end);
    buffer.text = buffer.text.slice(end + 2);
    const data = block
      .split("\n")
      .filter((l) => l.startsWith("data:"))
      .map((l) => l.slice(5).replace(/^ /, ""))
      .join("\n");
    if (data) yield data;
  }
}
