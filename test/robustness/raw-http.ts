import { connect } from "node:net";

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * One HTTP/1.1 request written byte for byte on a socket: paths and headers that fetch and
 * http.request refuse to send (bad percent-encoding, raw non-ASCII, giant headers) reach the server as is.
 */
export function rawRequest(
  base: string,
  req: { method: string; url: string; headers: Record<string, string>; body?: Buffer },
): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  const body = req.body ?? Buffer.alloc(0);
  const head = [
    `${req.method} ${req.url} HTTP/1.1`,
    `host: ${hostname}:${port}`,
    "connection: close",
    `content-length: ${body.length}`,
    ...Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`),
  ].join("\r\n");
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    socket.on("end", () => {
      const all = Buffer.concat(chunks).toString("latin1");
      const split = all.indexOf("\r\n\r\n");
      const lines = all.slice(0, split).split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines.slice(1)) {
        const at = line.indexOf(":");
        headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
      }
      const raw = Buffer.from(all.slice(split + 4), "latin1");
      const text = headers["transfer-encoding"] === "chunked" ? unchunk(raw) : raw.toString("utf8");
      resolve({ status: Number(lines[0]?.split(" ")[1]), headers, body: text });
    });
    // Written, not ended: the server closes after answering (connection: close); a half-closed socket may be dropped unanswered.
    socket.write(Buffer.concat([Buffer.from(`${head}\r\n\r\n`, "latin1"), body]));
  });
}

function unchunk(raw: Buffer): string {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf("\r\n", at);
    const size = Number.parseInt(raw.subarray(at, eol).toString("latin1"), 16);
    if (!size) break;
    parts.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts).toString("utf8");
}
