import { randomUUID } from "node:crypto";
import type { AuditSink, QueryRunner } from "../store/port.js";
import { type AuditEntryRow, type AuditPageQuery, auditPage } from "../store/queries/audit-page.js";
import type { AuditEntry, AuditRecorder } from "./recorder.js";

/**
 * The audit trail in the store: each entry gets an id and the time, and is durable when `record`
 * resolves. Append only: nothing here (or in the API) changes or deletes an entry, and retention
 * leaves the table alone.
 */
export class AuditLog implements AuditRecorder {
  constructor(
    private readonly store: AuditSink & QueryRunner,
    private readonly now: () => number = Date.now,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.store.appendAudit([
      {
        id: randomUUID(),
        at: this.now(),
        actor: entry.actor,
        action: entry.action,
        target: entry.target ?? null,
        ip: entry.ip ?? null,
        outcome: entry.outcome,
        details: JSON.stringify(entry.details ?? {}),
      },
    ]);
  }

  page(q: AuditPageQuery): Promise<AuditEntryRow[]> {
    return this.store.run(auditPage(q));
  }
}
