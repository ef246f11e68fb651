import type { AuditRow } from "../../../src/store/port.js";

const T = Date.parse("2026-03-01T00:00:00Z");
const MIN = 60_000;

/** Audit entries both engines hold for the audit-page case: actors, actions, equal times and a cursor. */
export const AUDIT_ROWS: AuditRow[] = [
  ["a01", 0, "admin", "keys.create", "k-1", "10.0.0.1", "ok"],
  ["a02", 1, "k-ops", "keys.revoke", "k-1", "10.0.0.2", "ok"],
  ["a03", 1, "unknown", "auth.denied", "GET /api/analytics/audit", "10.0.0.9", "denied"],
  ["a04", 2, "admin", "users.erase", "ann", null, "ok"],
  ["a05", 2, "admin", "backup.create", null, "10.0.0.1", "failed"],
  ["a06", 5, "scheduler", "retention.run", null, null, "ok"],
  ["a07", 5, "k-ops", "keys.create", "k-2", "10.0.0.2", "ok"],
].map(([id, minutes, actor, action, target, ip, outcome]) => ({
  id: id as string,
  at: T + (minutes as number) * MIN,
  actor: actor as string,
  action: action as string,
  target: target as string | null,
  ip: ip as string | null,
  outcome: outcome as string,
  details: JSON.stringify({ seq: id }),
}));

export const AUDIT_T0 = T;
export const AUDIT_MIN = MIN;
