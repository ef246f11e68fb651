import type { Store } from "../store/port.js";

const DAY_MS = 86_400_000;
const LEASE = "retention";

/**
 * Deletes events older than the retention window every `intervalMs`. With several nodes on one
 * store only the holder of the store's "retention" lease runs it; the lease outlives two intervals,
 * so if its holder dies another node takes over.
 */
export class RetentionJob {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly opts: { node: string; retentionDays: number; intervalMs: number },
  ) {}

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
      return await this.store.deleteEventsBefore(now - this.opts.retentionDays * DAY_MS);
    } catch (err) {
      console.error(`[retention] ${(err as Error).message}`);
      return null;
    }
  }
}
