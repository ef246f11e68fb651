import type { AuditRecorder } from "../audit/recorder.js";
import { type Logger, silentLogger } from "../log/logger.js";
import type { Leases } from "../store/port.js";
import type { Backups } from "./backups.js";

const HOUR_MS = 3_600_000;
const LEASE = "backup";

/**
 * Scheduled backups (setting `backupIntervalHours`, 0 = off): one node of a cluster (the holder of
 * the "backup" lease) takes one every interval and keeps the newest `backupKeep`.
 */
export class BackupSchedule {
  private timer: NodeJS.Timeout | null = null;
  private readonly logger: Logger;

  constructor(
    private readonly backups: Backups,
    private readonly leases: Leases,
    private readonly audit: AuditRecorder,
    private readonly opts: { node: string; intervalHours: number; keep: number; logger?: Logger },
  ) {
    this.logger = opts.logger ?? silentLogger();
  }

  start(): void {
    if (this.opts.intervalHours <= 0) return;
    this.timer = setInterval(() => void this.runOnce(), this.opts.intervalHours * HOUR_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The backup's name, or null when another node holds the lease or the backup failed. */
  async runOnce(now = Date.now()): Promise<string | null> {
    try {
      const ttl = 2 * this.opts.intervalHours * HOUR_MS;
      if (!(await this.leases.acquireLease(LEASE, this.opts.node, ttl, now))) return null;
      const made = await this.backups.create(new Date(now));
      const removed = await this.backups.prune(this.opts.keep);
      await this.audit.record({
        actor: "scheduler",
        action: "backup.create",
        target: made.name,
        outcome: "ok",
        details: { rows: Object.fromEntries(made.tables.map((t) => [t.table, t.rows])), pruned: removed },
      });
      this.logger.info({ backup: made.name, pruned: removed }, "scheduled backup written");
      return made.name;
    } catch (err) {
      this.logger.error({ err }, "scheduled backup failed; it runs again next interval");
      await this.audit
        .record({ actor: "scheduler", action: "backup.create", outcome: "failed", details: { error: String(err) } })
        .catch(() => undefined);
      return null;
    }
  }
}
