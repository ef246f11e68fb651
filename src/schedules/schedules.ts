import { randomUUID } from "node:crypto";
import { type Actor, audited } from "../audit/audited.js";
import type { AuditRecorder } from "../audit/recorder.js";
import { ConflictError, NotFoundError, ValidationError } from "../errors.js";
import { type Logger, silentLogger } from "../log/logger.js";
import type { ProduceReport } from "../reports/produce.js";
import type { Leases } from "../store/port/leases.js";
import type { ReportScheduleStore } from "../store/port/report-schedules.js";
import type { Destination } from "./channels/channel.js";
import { directoryDestination } from "./channels/directory.js";
import { EmailChannel, type SmtpSettings } from "./channels/email.js";
import { webhookDestination } from "./channels/webhook.js";
import { type RunView, runView } from "./run-log.js";
import { ReportRunner } from "./runner.js";
import { type ReportSchedule, type ScheduleInput, type ScheduleView, scheduleView, toSchedule } from "./schedule.js";
import { ReportScheduler } from "./scheduler.js";

/** Wait before a delivery's second attempt (then 2 s, 4 s, …), as for alert webhooks. */
export const DELIVERY_BACKOFF_MS = 1000;
/** How often the schedules are looked at: cron's unit is the minute, so an occurrence runs within half of one. */
export const SCHEDULE_TICK_MS = 30_000;

export interface ScheduleSettings extends SmtpSettings {
  dataDirectory: string;
  reportDeliveryAttempts: number;
  webhookTimeoutSeconds: number;
}

export interface ScheduleOptions {
  node: string;
  logger?: Logger;
  now?: () => number;
  backoffMs?: number;
  tickMs?: number;
}

/**
 * Report schedules (kept in the store, so every node runs the same ones; each change audited),
 * their runs once per cluster, delivery by e-mail, webhook and to the directory, and the delivery log.
 */
export class ReportSchedules {
  readonly scheduler: ReportScheduler;
  private readonly runner: ReportRunner;
  private readonly email: EmailChannel;
  private readonly stopper = new AbortController();
  private readonly now: () => number;

  constructor(
    private readonly store: ReportScheduleStore & Leases,
    private readonly audit: AuditRecorder,
    produce: ProduceReport,
    private readonly settings: ScheduleSettings,
    o: ScheduleOptions,
  ) {
    this.now = o.now ?? Date.now;
    const logger = o.logger ?? silentLogger();
    const timeoutMs = settings.webhookTimeoutSeconds * 1000;
    this.email = new EmailChannel(settings, timeoutMs);
    const destinations = (s: ReportSchedule): Destination[] => [
      ...s.recipients.emails.map((a) => this.email.destination(a)),
      ...s.recipients.webhooks.map((u) => webhookDestination(u, timeoutMs)),
      ...(s.recipients.directory ? [directoryDestination(settings.dataDirectory)] : []),
    ];
    this.runner = new ReportRunner(store, produce, destinations, {
      // A fresh token per start: a restarted node does not take its earlier claims for its own.
      claimant: `${o.node}/${randomUUID()}`,
      retry: {
        attempts: settings.reportDeliveryAttempts,
        backoffMs: o.backoffMs ?? DELIVERY_BACKOFF_MS,
        signal: this.stopper.signal,
      },
      now: this.now,
      logger,
    });
    this.scheduler = new ReportScheduler(() => this.list(), this.runner, store, {
      node: o.node,
      intervalMs: o.tickMs ?? SCHEDULE_TICK_MS,
      now: this.now,
      logger,
    });
  }

  start(): void {
    this.scheduler.start();
  }

  /** Stops the schedule; waits between attempts end, runs under way record how far they got. */
  async stop(): Promise<void> {
    this.stopper.abort();
    await this.scheduler.stop();
    this.email.close();
  }

  async list(): Promise<ReportSchedule[]> {
    return (await this.store.listReportSchedules()).map((r) => JSON.parse(r.definition) as ReportSchedule);
  }

  async views(): Promise<ScheduleView[]> {
    const now = this.now();
    return (await this.list()).map((s) => scheduleView(s, now));
  }

  async get(id: string): Promise<ReportSchedule> {
    const schedule = (await this.list()).find((s) => s.id === id);
    if (!schedule) throw new NotFoundError("report schedule not found");
    return schedule;
  }

  view(s: ReportSchedule): ScheduleView {
    return scheduleView(s, this.now());
  }

  async create(input: ScheduleInput, by: Actor): Promise<ReportSchedule> {
    const schedule = toSchedule(input, randomUUID(), this.now());
    if (schedule.recipients.emails.length && this.settings.smtpHost === undefined) {
      throw new ValidationError("Invalid report schedule", [
        { field: "recipients.emails", message: "needs an SMTP server: set smtpHost (ANALYTICS_SMTP_HOST)" },
      ]);
    }
    return audited(
      this.audit,
      { ...by, action: "reports.schedule.create", target: schedule.id, details: { name: schedule.name } },
      async () => {
        await this.store.saveReportSchedule({
          id: schedule.id,
          definition: JSON.stringify(schedule),
          created_at: schedule.created_at,
        });
        return schedule;
      },
    );
  }

  async remove(id: string, by: Actor): Promise<void> {
    await this.get(id);
    await audited(this.audit, { ...by, action: "reports.schedule.delete", target: id }, async () => {
      if (!(await this.store.deleteReportSchedule(id))) throw new NotFoundError("report schedule not found");
    });
  }

  /** Runs the schedule now (enabled or not), delivering as a scheduled run does; answers once every delivery ended. */
  async runNow(id: string, by: Actor): Promise<RunView> {
    const schedule = await this.get(id);
    const run = await audited(
      this.audit,
      { ...by, action: "reports.schedule.run", target: id },
      async () => {
        const done = await this.runner.run(schedule, this.now(), true);
        if (!done) throw new ConflictError("this schedule was already run at this moment; try again");
        return done;
      },
      (r) => ({ run: r.id, status: r.status }),
    );
    return runView(run);
  }

  /** The delivery log: runs newest first, of one schedule or of all. */
  async deliveries(q: { schedule?: string; limit?: number }): Promise<RunView[]> {
    const runs = await this.store.listReportRuns({
      ...(q.schedule !== undefined ? { scheduleId: q.schedule } : {}),
      limit: q.limit ?? 50,
    });
    return runs.map(runView);
  }
}
