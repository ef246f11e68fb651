import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Receiver {
  url: string;
  /** JSON bodies of the requests answered 2xx, in arrival order. */
  bodies: Array<Record<string, unknown>>;
  /** Every request answered 2xx as it came: body as text, and headers. */
  received: Array<{ body: string; headers: IncomingHttpHeaders }>;
  /** Requests received, whatever the answer. */
  calls(): number;
  close(): Promise<void>;
}

/** A webhook receiver on 127.0.0.1 (a free port): answers `statuses` in turn, then `otherwise`. */
export async function receiver(statuses: number[] = [], otherwise = 200): Promise<Receiver> {
  const bodies: Array<Record<string, unknown>> = [];
  const received: Receiver["received"] = [];
  let calls = 0;
  const server = createServer((req, res) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      data += c;
    });
    req.on("end", () => {
      calls += 1;
      const status = statuses.shift() ?? otherwise;
      if (status < 300) {
        received.push({ body: data, headers: req.headers });
        if (req.headers["content-type"]?.startsWith("application/json")) {
          bodies.push(JSON.parse(data) as Record<string, unknown>);
        }
      }
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    bodies,
    received,
    calls: () => calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
