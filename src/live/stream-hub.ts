import type { ServerResponse } from "node:http";
import { UnavailableError } from "../errors.js";

/** A client this far behind (bytes written but not yet taken by its socket) is dropped, not buffered for. */
const MAX_BEHIND_BYTES = 1024 * 1024;

export interface StreamHubOptions {
  /** Clients served at once; one more gets a 503. */
  maxClients: number;
  /** How often a snapshot goes out. */
  intervalMs: number;
  /** How often a comment line goes out, so proxies keep an idle connection open. */
  heartbeatMs: number;
}

/**
 * Server-Sent Events to every connected client: one snapshot per interval, computed once for all of
 * them, numbered by `id:`. A client that goes away is dropped; closing the hub ends every stream.
 */
export class StreamHub {
  private readonly clients = new Set<ServerResponse>();
  private ticker: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private sequence = 0;
  private closed = false;

  constructor(
    private readonly snapshot: () => Promise<unknown>,
    private readonly opts: StreamHubOptions,
    private readonly onError: (err: unknown) => void,
  ) {}

  get size(): number {
    return this.clients.size;
  }

  /** Takes over `res` as an event stream, with `headers` besides its own; a 503 when full or closing. */
  connect(res: ServerResponse, headers: Record<string, string | number | string[] | undefined> = {}): void {
    if (this.closed) throw new UnavailableError("The server is shutting down", 1);
    if (this.clients.size >= this.opts.maxClients) {
      throw new UnavailableError(`At most ${this.opts.maxClients} clients may stream at once; retry later`, 5);
    }
    res.writeHead(200, {
      ...headers,
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      // Proxies such as nginx would otherwise hold the events back.
      "x-accel-buffering": "no",
    });
    res.write(`retry: ${this.opts.intervalMs}\n\n`);
    this.clients.add(res);
    res.on("close", () => this.drop(res));
    if (!this.ticker) this.startTimers();
    void this.send([res]);
  }

  private startTimers(): void {
    this.ticker = setInterval(() => void this.send([...this.clients]), this.opts.intervalMs);
    this.heartbeat = setInterval(() => {
      for (const c of this.clients) c.write(": heartbeat\n\n");
    }, this.opts.heartbeatMs);
  }

  private async send(to: ServerResponse[]): Promise<void> {
    if (!to.length) return;
    let data: string;
    try {
      data = JSON.stringify(await this.snapshot());
    } catch (err) {
      this.onError(err);
      return;
    }
    this.sequence += 1;
    const message = `id: ${this.sequence}\nevent: snapshot\ndata: ${data}\n\n`;
    for (const c of to) {
      if (!this.clients.has(c)) continue;
      if (c.writableLength > MAX_BEHIND_BYTES) {
        this.drop(c);
        c.end();
      } else {
        c.write(message);
      }
    }
  }

  private drop(res: ServerResponse): void {
    this.clients.delete(res);
    if (!this.clients.size) this.stopTimers();
  }

  private stopTimers(): void {
    if (this.ticker) clearInterval(this.ticker);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.ticker = null;
    this.heartbeat = null;
  }

  /** Ends every stream (the server is closing); later connections get a 503. */
  close(): void {
    this.closed = true;
    this.stopTimers();
    for (const c of this.clients) c.end();
    this.clients.clear();
  }
}
