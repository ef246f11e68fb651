import { setTimeout as sleep } from "node:timers/promises";

export interface RetryOptions {
  /** Attempts, the first included. */
  attempts: number;
  /** Wait before the second attempt; doubled before each further one. */
  backoffMs: number;
  /** Ends the waits (the service stops): no further attempt is made. */
  signal?: AbortSignal;
}

/** One attempt's result: `ok`, or failed with why and whether another try could help. */
export type AttemptResult<T> = { ok: true; value: T } | { ok: false; value: T; error: string; retry: boolean };

export interface Retried<T> {
  result: AttemptResult<T>;
  attempts: number;
}

/**
 * Runs `attempt` until it succeeds, says another try cannot help, or `attempts` are spent, waiting
 * backoffMs, 2·backoffMs, 4·backoffMs… between attempts; `onAttempt` hears each result as it comes.
 * Stopping (the signal) during a wait ends with the last failure, marked as stopped.
 */
export async function withRetries<T>(
  attempt: (n: number) => Promise<AttemptResult<T>>,
  o: RetryOptions,
  onAttempt: (n: number, result: AttemptResult<T>) => Promise<void> | void = () => undefined,
): Promise<Retried<T>> {
  let last: Retried<T> | null = null;
  for (let n = 1; n <= o.attempts; n++) {
    if (last) {
      try {
        await sleep(o.backoffMs * 2 ** (n - 2), undefined, { signal: o.signal });
      } catch {
        const failed = last.result;
        return failed.ok ? last : { ...last, result: { ...failed, error: "stopped before the next attempt" } };
      }
    }
    const result = await attempt(n);
    await onAttempt(n, result);
    last = { result, attempts: n };
    if (result.ok || !result.retry || o.signal?.aborted) return last;
  }
  if (!last) throw new Error("withRetries needs at least one attempt");
  return last;
}
