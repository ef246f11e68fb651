import type { Command } from "commander";

/** Where a running server is and the key to use: `--url`/ANALYTICS_URL, `--key`/ANALYTICS_API_KEY. */
export interface ClientOptions {
  url: string;
  key?: string;
}

export const DEFAULT_URL = "http://127.0.0.1:5000";

/** The server answered an error (or could not be reached): its status and its own message and field details. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

/** Adds `--url` and `--key` (with their environment variables) to a command that talks to a running server. */
export function withClientOptions(cmd: Command): Command {
  return cmd
    .option("--url <url>", `the running server (env ANALYTICS_URL, default ${DEFAULT_URL})`)
    .option("--key <key>", "an API key with the read scope (env ANALYTICS_API_KEY)");
}

/** The client options of a command: flags first, then the environment, then the default URL. */
export function clientOptions(opts: { url?: string; key?: string }, env = process.env): ClientOptions {
  const key = opts.key ?? env.ANALYTICS_API_KEY;
  return { url: opts.url ?? env.ANALYTICS_URL ?? DEFAULT_URL, ...(key ? { key } : {}) };
}

/**
 * A client of a running server's HTTP API. The CLI's `report` and `export` read through it: the
 * embedded DuckDB file is locked by the server that has it open.
 */
export class ApiClient {
  constructor(private readonly options: ClientOptions) {}

  /** GET `path` with the query (undefined values left out); resolves with the response once it is a 2xx. */
  async get(path: string, query: Record<string, string | number | undefined> = {}): Promise<Response> {
    const url = new URL(path, this.options.url);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    let res: Response;
    try {
      res = await fetch(url, {
        headers: this.options.key ? { authorization: `Bearer ${this.options.key}` } : {},
      });
    } catch (err) {
      const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
      throw new ApiRequestError(`cannot reach ${this.options.url}: ${cause}`, null);
    }
    if (!res.ok) throw new ApiRequestError(await errorText(res), res.status);
    return res;
  }
}

/** The server's `{"error", "details"}` as one line: the message, then each field and what is wrong with it. */
async function errorText(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { error?: string; details?: Array<{ field: string; message: string }> };
    const details = (body.details ?? []).map((d) => `${d.field} ${d.message}`).join("; ");
    return `HTTP ${res.status}: ${body.error ?? text}${details ? ` (${details})` : ""}`;
  } catch {
    return `HTTP ${res.status}: ${text.slice(0, 200)}`;
  }
}
