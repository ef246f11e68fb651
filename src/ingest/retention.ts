import { isDeepStrictEqual } from "node:util";
import type { AuditLog } from "../audit/audit-log.js";
import type { AuditRecorder } from "../audit/recorder.js";
import { type Logger, silentLogger } from "../log/logger.js";
import { EVENT_TYPES, type EventType } from "../model/event-types.js";
import type { Store } from "../store/port.js";

const DAY_MS = 86_400_000;
const LEASE = "retention";

/** Days kept per event type; a type not named keeps the default `retentionDays`. */
export type RetentionByType = Partial<Record<EventType, number>>;

export interface RetentionResult {
  /** Events deleted, per event type (every type, zeros included). */
  deleted: Record<EventType, number>;
  total: number;
  /** The days applied, per event type. */
  days: Record<EventType, number>;
}

export interface RetentionOptions {
  node: string;
  retentionDays: number;
  retentionByType?: RetentionByType;
  intervalMs: number;
  logger?: Logger;
  /** Where scheduled runs that deleted something are recorded (`retention.run`). */
  audit?: AuditRecorder;
}

/**
 * Deletes events older than their type's retention every `intervalMs`. With several nodes on one
 * store only the holder of the store's "retention" lease runs it; the lease outlives two intervals,
 * so if its holder dies another node takes over. The same run forgets expired leases (session ends leave one each);
 * the audit trail is never touched.
 */
export class RetentionJob {
  private timer: NodeJS.Timeout | null = null;
  private readonly logger: Logger;

  constructor(
    private readonly store: Store,
    private readonly opts: RetentionOptions,
  ) {
    this.logger = opts.logger ?? silentLogger();
  }

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.opts.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The days each type keeps: the settings, then `override` (one run's, from the cleanup endpoint). */
  daysByType(override: { retentionDays?: number; retentionByType?: RetentionByType } = {}): Record<EventType, number> {
    const base = override.retentionDays ?? this.opts.retentionDays;
    const byType = { ...this.opts.retentionByType, ...override.retentionByType };
    return Object.fromEntries(EVENT_TYPES.map((t) => [t, byType[t] ?? base])) as Record<EventType, number>;
  }

  /** Deletes, type by type, what is older than `days` allows at `now`. */
  async purge(days: Record<EventType, number>, now = Date.now()): Promise<RetentionResult> {
    const deleted = {} as Record<EventType, number>;
    let total = 0;
    for (const type of EVENT_TYPES) {
      deleted[type] = await this.store.deleteEventsBefore(now - days[type] * DAY_MS, type);
      total += deleted[type];
    }
    return { deleted, total, days };
  }

  /** What it deleted; null when another node holds the lease or the store failed. */
  async runOnce(now = Date.now()): Promise<RetentionResult | null> {
    try {
      if (!(await this.store.acquireLease(LEASE, this.opts.node, 2 * this.opts.intervalMs, now))) return null;
      const result = await this.purge(this.daysByType(), now);
      if (result.total > 0) {
        this.logger.info({ deleted: result.total, byType: result.deleted }, "retention: old events deleted");
        await this.opts.audit?.record({
          actor: "scheduler",
          action: "retention.run",
          outcome: "ok",
          details: { deleted: result.deleted, days: result.days },
        });
      }
      // Expired leases are free anyway; forgetting them keeps one row per ended session from piling up.
      const released = await this.store.releaseExpiredLeases(now);
      if (released > 0) this.logger.info({ released }, "retention: expired leases released");
      return result;
    } catch (err) {
      this.logger.error({ err }, "retention failed; it runs again next interval");
      return null;
    }
  }
}

/**
 * Retention settings come from the configuration: a start with settings other than those last
 * recorded is itself a retention change, recorded as `retention.settings` by `config`.
 */
export async function recordRetentionSettings(
  audit: AuditLog,
  settings: { retentionDays: number; retentionByType: RetentionByType },
): Promise<boolean> {
  const [last] = await audit.page({ action: "retention.settings", limit: 1 });
  const details = { retention_days: settings.retentionDays, retention_by_type: settings.retentionByType };
  if (last && isDeepStrictEqual(last.details, details)) return false;
  await audit.record({ actor: "config", action: "retention.settings", outcome: "ok", details });
  return true;
}
