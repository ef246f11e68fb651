/**
 * What the audit trail records: who (an API key id, or `library` for in-process calls), what, when,
 * from where, and how it ended. Every export, report, key change, retention change, deletion,
 * backup, restore and failed admin attempt is recorded through an AuditRecorder.
 */
export interface AuditEntry {
  /** The acting key's id; `admin` for the admin key, `library` for in-process calls. */
  actor: string;
  /** What was done, dotted: `keys.create`, `keys.revoke`, `users.erase`, `backup.create`, … */
  action: string;
  /** What it was done to (a key id, a user id, a backup name), when there is one. */
  target?: string | null;
  /** The client's address, when the action came over HTTP. */
  ip?: string | null;
  outcome: "ok" | "denied" | "failed";
  /** A few facts about the action (counts, settings); never secrets. */
  details?: Record<string, unknown>;
}

export interface AuditRecorder {
  /** Resolves once the entry is durable. */
  record(entry: AuditEntry): Promise<void>;
}
