import type { Logger } from "../log/logger.js";
import type { Leases } from "../store/port/leases.js";
import type { ReportRunRecord, ReportScheduleStore } from "../store/port/report-schedules.js";
import { dueOccurrence } from "./due.js";
import type { ReportRunner } from "./runner.js";
import type { ReportSchedule } from "./schedule.js";

const LEASE = "report-schedules";
/**
 * A run left "running" this long without a write is taken over: its claimant wrote after every
 * attempt, so it has stopped (far longer than any attempt's timeout and back-off together).
 */
export const RESUME_AFTER_MS = 30 * 60_000;
/** Unfinished runs looked at per look: more wait for the next one. */
const RESUME_BATCH = 20;

export interface SchedulerOptions {
  node: string;
  /** How often the schedules are looked at; each occurrence runs at the first look at or after it. */
  intervalMs: number;
  now: () => number;
  logger: Logger;
}

/**
 * Runs the schedules' due occurrences. With several nodes on one store only the holder of the
 * "report-schedules" lease looks (the lease outlives two intervals, so another node takes over if
 * it dies); each occurrence is claimed in the delivery log before it runs, so neither a second
 * node nor this one after a restart (which re-acquires its own lease) runs it again. A run whose
 * node died mid-delivery is taken over once it has been silent for RESUME_AFTER_MS.
 */
export class ReportScheduler {
  private timer: NodeJS.Timeout | null = null;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly schedules: () => Promise<ReportSchedule[]>,
    private readonly runner: ReportRunner,
    private readonly store: ReportScheduleStore & Leases,
    private readonly o: SchedulerOptions,
  ) {}

  /** Looks at once (an occurrence missed while no node ran is caught up now), then every interval. */
  start(): void {
    this.track(this.tick());
    this.timer = setInterval(() => this.track(this.tick()), this.o.intervalMs);
    this.timer.unref();
  }

  /** Stops looking; waits for the runs under way (their retries end when the service's signal fires). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.idle();
  }

  /** Resolves once the looks under way (and their runs) have ended. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all(this.pending);
  }

  /** One look: the runs this node claimed and finished, none when another node holds the lease. */
  async tick(): Promise<ReportRunRecord[]> {
    const now = this.o.now();
    try {
      if (!(await this.store.acquireLease(LEASE, this.o.node, 2 * this.o.intervalMs, now))) return [];
      const schedules = await this.schedules();
      const resumed = await this.resumeStale(schedules, now);
      const due = schedules
        .filter((s) => s.enabled)
        .flatMap((s) => {
          const at = dueOccurrence(s, now);
          return at === null ? [] : [{ s, at }];
        });
      const runs = await Promise.all(due.map(({ s, at }) => this.runner.run(s, at, false)));
      return [...resumed, ...runs.filter((r): r is ReportRunRecord => r !== null)];
    } catch (err) {
      this.o.logger.error({ err }, "report schedules: a look failed; the next one tries again");
      return [];
    }
  }

  /** Runs a stopped claimant left unfinished (a node that died mid-delivery): never lost. */
  private async resumeStale(schedules: ReportSchedule[], now: number): Promise<ReportRunRecord[]> {
    const stale = (await this.store.listReportRuns({ status: "running", limit: RESUME_BATCH })).filter(
      (r) => r.claimed_by !== this.runner.claimant && r.updated_at <= now - RESUME_AFTER_MS,
    );
    const byId = new Map(schedules.map((s) => [s.id, s]));
    return Promise.all(stale.map((r) => this.runner.resume(byId.get(r.schedule_id) ?? null, r)));
  }

  private track(p: Promise<unknown>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }
}
