import { type Logger, silentLogger } from "../log/logger.js";
import type { Store } from "../store/port.js";

const DAY_MS = 86_400_000;
const LEASE = "retention";

/**
 * Deletes events older than the retention window every `intervalMs`. With several nodes on one
 * store only the holder of the store's "retention" lease runs it; the lease outlives two intervals,
 * so if its holder dies another node takes over. The same run forgets expired leases (session ends leave one each).
 */
export class RetentionJob {
  private timer: NodeJS.Timeout | null = null;
  private readonly logger: Logger;

  constructor(
    private readonly store: Store,
    private readonly opts: { node: string; retentionDays: number; intervalMs: number; logger?: Logger },
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

  /** Returns how many events it deleted; null when another node holds the lease or the store failed. */
  async runOnce(now = Date.now()): Promise<number | null> {
    try {
      if (!(await this.store.acquireLease(LEASE, this.opts.node, 2 * this.opts.intervalMs, now))) return null;
      const cutoff = now - this.opts.retentionDays * DAY_MS;
      const deleted = await this.store.deleteEventsBefore(cutoff);
      if (deleted > 0)
        this.logger.info({ deleted, cutoff: new Date(cutoff).toISOString() }, "retention: old events deleted");
      // Expired leases are free anyway; forgetting them keeps one row per ended session from piling up.
      const released = await this.store.releaseExpiredLeases(now);
      if (released > 0) this.logger.info({ released }, "retention: expired leases released");
      return deleted;
    } catch (err) {
      this.logger.error({ err }, "retention failed; it runs again next interval");
      return null;
    }
  }
}
