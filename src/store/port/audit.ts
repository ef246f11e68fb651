/** One stored audit entry: the recorder's entry with its id and time, `details` as JSON text. */
export interface AuditRow {
  id: string;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  ip: string | null;
  outcome: string;
  details: string;
}

/** The audit trail's write side: append only; nothing in the port updates or deletes an entry. */
export interface AuditSink {
  appendAudit(rows: AuditRow[]): Promise<void>;
}
