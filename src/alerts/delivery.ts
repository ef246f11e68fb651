import { type AttemptResult, withRetries } from "../util/retry.js";

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

/** A request to POST: its body and headers (content type included). */
export interface WebhookRequest {
  body: string;
  headers: Record<string, string>;
}

/** Answers worth another try: the receiver's trouble, not a refusal of the request itself. */
const retryable = (status: number) => status >= 500 || status === 429 || status === 408;

/** POSTs `body` as JSON to `url`, retried as `post` does. */
export function deliver(url: string, body: unknown, o: DeliveryOptions): Promise<DeliveryOutcome> {
  return post(url, { body: JSON.stringify(body), headers: { "content-type": "application/json" } }, o);
}

/**
 * POSTs `request` to `url` until a 2xx answer, at most `attempts` times, waiting backoffMs,
 * 2·backoffMs, 4·backoffMs… between attempts. A 4xx other than 408/429 is final. `onAttempt`
 * hears each attempt's outcome as it comes (the report delivery log records every one).
 */
export async function post(
  url: string,
  request: WebhookRequest,
  o: DeliveryOptions,
  onAttempt: (outcome: DeliveryOutcome) => Promise<void> | void = () => undefined,
): Promise<DeliveryOutcome> {
  const once = async (): Promise<AttemptResult<number | null>> => {
    try {
      const signal = o.signal
        ? AbortSignal.any([o.signal, AbortSignal.timeout(o.timeoutMs)])
        : AbortSignal.timeout(o.timeoutMs);
      const res = await fetch(url, {
        method: "POST",
        headers: request.headers,
        body: request.body,
        signal,
        redirect: "manual",
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true, value: res.status };
      return { ok: false, value: res.status, error: `HTTP ${res.status}`, retry: retryable(res.status) };
    } catch (err) {
      return { ok: false, value: null, error: (err as Error).message, retry: true };
    }
  };
  const outcomeOf = (attempts: number, r: AttemptResult<number | null>): DeliveryOutcome => ({
    url,
    status: r.ok ? "delivered" : "failed",
    attempts,
    http_status: r.value,
    error: r.ok ? null : r.error,
  });
  const { result, attempts } = await withRetries(once, o, (n, r) => onAttempt(outcomeOf(n, r)));
  return outcomeOf(attempts, result);
}
