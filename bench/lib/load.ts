import autocannon from "autocannon";

export interface LoadOptions {
  url: string;
  path: string;
  /** One body, or several that the connections cycle through. */
  bodies: string[];
  headers?: Record<string, string>;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  duration?: number;
  /** Total requests instead of a duration (warm-ups). */
  amount?: number;
}

export interface LoadResult {
  /** 2xx responses. */
  ok: number;
  /** Non-2xx responses plus connection errors and timeouts. */
  failed: number;
  seconds: number;
  /** 2xx responses per second. */
  rps: number;
  latencyP50: number;
  latencyP99: number;
  statusCodes: Record<string, number>;
}

/** Runs autocannon (pipelining 1) against one POST route and sums up what came back. */
export async function postLoad(o: LoadOptions): Promise<LoadResult> {
  const headers = { "content-type": "application/json", ...o.headers };
  const r = await autocannon({
    url: o.url,
    connections: o.connections,
    pipelining: 1,
    ...(o.amount ? { amount: o.amount } : { duration: o.duration ?? 5 }),
    timeout: 30,
    requests: o.bodies.map((body) => ({ method: "POST" as const, path: o.path, headers, body })),
  });
  const statusCodes = Object.fromEntries(
    Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]),
  );
  return {
    ok: r["2xx"],
    failed: r.non2xx + r.errors,
    seconds: r.duration,
    rps: r["2xx"] / r.duration,
    latencyP50: r.latency.p50,
    latencyP99: r.latency.p99,
    statusCodes,
  };
}
