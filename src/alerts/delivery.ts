import { setTimeout as sleep } from "node:timers/promises";

export interface DeliveryOptions {
  /** Attempts per webhook, the first included. */
  attempts: number;
  /** Each attempt is abandoned after this long. */
  timeoutMs: number;
  /** Wait before the second attempt; doubled before each further one. */
  backoffMs: number;
  /** Ends the waits and attempts (the service stops). */
  signal?: AbortSignal;
}

export interface DeliveryOutcome {
  url: string;
  status: "delivered" | "failed";
  attempts: number;
  /** The last answer's HTTP status, when there was one. */
  http_status: number | null;
  /** Why the last attempt failed, when it did. */
  error: string | null;
}

/** Answers worth another try: the receiver's trouble, not a refusal of the request itself. */
const retryable = (status: number) => status >= 500 || status === 429 || status === 408;

/**
 * POSTs `body` as JSON to `url` until a 2xx answer, at most `attempts` times, waiting
 * backoffMs, 2·backoffMs, 4·backoffMs… between attempts. A 4xx other than 408/429 is final.
 */
export async function deliver(url: string, body: unknown, o: DeliveryOptions): Promise<DeliveryOutcome> {
  const payload = JSON.stringify(body);
  let last: DeliveryOutcome = { url, status: "failed", attempts: 0, http_status: null, error: null };
  for (let attempt = 1; attempt <= o.attempts; attempt++) {
    if (attempt > 1) {
      try {
        await sleep(o.backoffMs * 2 ** (attempt - 2), undefined, { signal: o.signal });
      } catch {
        return { ...last, error: "stopped before the next attempt" };
      }
    }
    try {
      const signal = o.signal
        ? AbortSignal.any([o.signal, AbortSignal.timeout(o.timeoutMs)])
        : AbortSignal.timeout(o.timeoutMs);
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: payload,
        signal,
        redirect: "manual",
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { url, status: "delivered", attempts: attempt, http_status: res.status, error: null };
      last = { url, status: "failed", attempts: attempt, http_status: res.status, error: `HTTP ${res.status}` };
      if (!retryable(res.status)) return last;
    } catch (err) {
      last = { url, status: "failed", attempts: attempt, http_status: null, error: (err as Error).message };
    }
    if (o.signal?.aborted) return last;
  }
  return last;
}
