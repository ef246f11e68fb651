import type { AlertRecord } from "./port/alert-history.js";
import type { AlertRuleRecord } from "./port/alert-rules.js";

/** The tables' columns in both engines' order (ClickHouse adds deleted and version to rules, version to alerts). */
export const ALERT_RULE_COLUMNS = "id, definition, created_at, updated_at";
export const ALERT_COLUMNS = "id, rule_id, series_key, state, started_at, resolved_at, details, updated_at";

/** A stored row as a record; both engines may answer 64-bit integers as bigint or text. */
export function toAlertRuleRecord(r: Record<string, unknown>): AlertRuleRecord {
  return {
    id: String(r.id),
    definition: String(r.definition),
    created_at: Number(r.created_at),
    updated_at: Number(r.updated_at),
  };
}

export function alertRuleValues(r: AlertRuleRecord): Array<string | number> {
  return [r.id, r.definition, r.created_at, r.updated_at];
}

export function toAlertRecord(r: Record<string, unknown>): AlertRecord {
  return {
    id: String(r.id),
    rule_id: String(r.rule_id),
    series_key: String(r.series_key),
    state: r.state === "firing" ? "firing" : "resolved",
    started_at: Number(r.started_at),
    resolved_at: r.resolved_at === null || r.resolved_at === undefined ? null : Number(r.resolved_at),
    details: String(r.details),
    updated_at: Number(r.updated_at),
  };
}

export function alertValues(a: AlertRecord): Array<string | number | null> {
  return [a.id, a.rule_id, a.series_key, a.state, a.started_at, a.resolved_at, a.details, a.updated_at];
}

export const ALERT_ORDER = "started_at, id";

/** The firing alerts and, per rule and series, the most recently resolved one among `all`. */
export function currentOf(all: readonly AlertRecord[]): AlertRecord[] {
  const latest = new Map<string, AlertRecord>();
  const firing: AlertRecord[] = [];
  for (const a of all) {
    if (a.state === "firing") {
      firing.push(a);
      continue;
    }
    const key = `${a.rule_id}\u0000${a.series_key}`;
    const seen = latest.get(key);
    if (!seen || (seen.resolved_at ?? 0) < (a.resolved_at ?? 0)) latest.set(key, a);
  }
  return [...firing, ...latest.values()];
}
