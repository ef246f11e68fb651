import type { AuditEntry, AuditRecorder } from "./recorder.js";

/** Who asked: the acting key's id (or `library`, `cli`, `scheduler`) and, over HTTP, the client's address. */
export interface Actor {
  actor: string;
  ip?: string | null;
}

export const LIBRARY: Actor = { actor: "library" };

/**
 * Runs `action` and records it: `ok` with the details `describe` draws from the result, or
 * `failed` with the error's message (and the error rethrown).
 */
export async function audited<T>(
  audit: AuditRecorder,
  entry: Omit<AuditEntry, "outcome" | "details"> & { details?: Record<string, unknown> },
  action: () => Promise<T>,
  describe: (result: T) => Record<string, unknown> = () => ({}),
): Promise<T> {
  let result: T;
  try {
    result = await action();
  } catch (err) {
    // The action's own error is the answer, even when the store cannot take the audit entry either.
    await audit
      .record({ ...entry, outcome: "failed", details: { ...entry.details, error: (err as Error).message } })
      .catch(() => undefined);
    throw err;
  }
  await audit.record({ ...entry, outcome: "ok", details: { ...entry.details, ...describe(result) } });
  return result;
}
