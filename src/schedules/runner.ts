import { AppError } from "../errors.js";
import type { Logger } from "../log/logger.js";
import { resolvePeriod } from "../model/period.js";
import type { ProducedReport, ProduceReport } from "../reports/produce.js";
import type { ReportRunRecord, ReportScheduleStore } from "../store/port/report-schedules.js";
import { type RetryOptions, withRetries } from "../util/retry.js";
import { Serial } from "../util/serial.js";
import type { AttemptNote, Destination, ReportMessage } from "./channels/channel.js";
import { reportPeriod } from "./period.js";
import { type DeliveryEntry, detailsOf, type RunDetails, statusOf } from "./run-log.js";
import type { ReportSchedule } from "./schedule.js";

export interface RunnerOptions {
  /** This scheduler's token in the runs it claims: node name and a per-start nonce. */
  claimant: string;
  retry: RetryOptions;
  now: () => number;
  logger: Logger;
}

/** The run of a schedule's occurrence: one id per schedule and due time, whoever runs it. */
export const runId = (scheduleId: string, due: number) => `${scheduleId}@${due}`;

/**
 * Runs one occurrence of a schedule: claims it in the delivery log first (so it runs once, across
 * restarts and nodes), makes the report for the period ending at the due time, then hands it to
 * every destination at once, each retried with back-off. Every attempt is written to the run's
 * record as it ends, one write at a time.
 */
export class ReportRunner {
  constructor(
    private readonly store: ReportScheduleStore,
    private readonly produce: ProduceReport,
    private readonly destinations: (s: ReportSchedule) => Destination[],
    private readonly o: RunnerOptions,
  ) {}

  get claimant(): string {
    return this.o.claimant;
  }

  /** The finished run, or null when the occurrence was claimed already (run, or running, elsewhere). */
  async run(schedule: ReportSchedule, due: number, manual: boolean): Promise<ReportRunRecord | null> {
    const destinations = this.destinations(schedule);
    const details: RunDetails = {
      manual,
      report: null,
      error: null,
      deliveries: destinations.map((d) => ({
        channel: d.channel,
        target: d.target,
        status: "pending",
        attempts: 0,
        last_error: null,
        at: null,
      })),
    };
    const now = this.o.now();
    const claim: ReportRunRecord = {
      id: runId(schedule.id, due),
      schedule_id: schedule.id,
      due_at: due,
      claimed_by: this.o.claimant,
      status: "running",
      started_at: now,
      updated_at: now,
      details: JSON.stringify(details),
    };
    if (!(await this.store.claimReportRun(claim))) return null;
    return this.carryOut(
      schedule,
      claim,
      details,
      destinations.map((dest, index) => ({ dest, index })),
    );
  }

  /**
   * Takes over a run whose claimant stopped before it ended (the node died mid-delivery): the
   * destinations that have not got the report get it now, with the attempts counted so far kept.
   * A destination that got it but died before recording so is sent it again: the one duplicate
   * this design allows, rather than a report never sent.
   */
  async resume(schedule: ReportSchedule | null, stale: ReportRunRecord): Promise<ReportRunRecord> {
    const details = detailsOf(stale);
    const taken = { ...stale, claimed_by: this.o.claimant, updated_at: this.o.now() };
    if (!schedule) {
      const failed = { ...details, error: "the schedule was deleted before its run ended" };
      const record = { ...taken, details: JSON.stringify(failed), status: statusOf(failed) };
      await this.store.saveReportRun(record);
      return record;
    }
    await this.store.saveReportRun(taken);
    this.o.logger.warn({ run: stale.id, from: stale.claimed_by }, "resuming a report run its node left unfinished");
    const todo = this.destinations(schedule).flatMap((dest) => {
      const index = details.deliveries.findIndex((d) => d.channel === dest.channel && d.target === dest.target);
      return index >= 0 && details.deliveries[index]?.status !== "delivered" ? [{ dest, index }] : [];
    });
    return this.carryOut(schedule, taken, details, todo);
  }

  private async carryOut(
    schedule: ReportSchedule,
    claim: ReportRunRecord,
    initial: RunDetails,
    todo: Array<{ dest: Destination; index: number }>,
  ): Promise<ReportRunRecord> {
    const writes = new Serial();
    let record = claim;
    let details = initial;
    const update = (change: (d: RunDetails) => RunDetails) =>
      writes.run(async () => {
        details = change(details);
        record = { ...record, details: JSON.stringify(details), status: statusOf(details), updated_at: this.o.now() };
        await this.store.saveReportRun(record);
      });

    const query = reportPeriod(schedule, claim.due_at);
    const span = resolvePeriod(query, claim.due_at);
    const made = await withRetries(async () => {
      try {
        const value = await this.produce({ type: schedule.report_type, format: schedule.format, period: query });
        return { ok: true as const, value };
      } catch (err) {
        // A request the reports refuse is refused again; a store that failed may answer next time.
        return {
          ok: false as const,
          value: null,
          error: (err as Error).message,
          retry: !(err instanceof AppError && err.status < 500),
        };
      }
    }, this.o.retry);
    if (!made.result.ok) {
      const tries = made.attempts === 1 ? "1 attempt" : `${made.attempts} attempts`;
      const error = `the report could not be made (${tries}): ${made.result.error}`;
      this.o.logger.error({ run: claim.id, error }, "scheduled report not made");
      await update((d) => ({ ...d, error }));
      return record;
    }
    const report = made.result.value as ProducedReport;
    await update((d) => ({
      ...d,
      report: {
        file_name: report.fileName,
        content_type: report.contentType,
        bytes: Buffer.byteLength(report.body),
        from: span.from,
        to: span.to,
      },
    }));
    const message: ReportMessage = {
      run_id: claim.id,
      schedule,
      due_at: claim.due_at,
      period: { from: span.from, to: span.to, tz: span.timeZone },
      report,
    };
    await Promise.all(
      todo.map(async ({ dest, index: i }) => {
        try {
          await dest.deliver(message, this.o.retry, (note) => update((d) => noted(d, i, note, this.o.now())));
          // Attempts over, none delivered: retries spent, a final refusal, or the service stopping.
          await update((d) => settled(d, i));
        } catch (err) {
          this.o.logger.error({ err, run: claim.id }, "report delivery not recorded");
        }
      }),
    );
    if (record.status !== "delivered")
      this.o.logger.warn({ run: claim.id, status: record.status }, "scheduled report not delivered everywhere");
    return record;
  }
}

/** The details with destination `i`'s attempt counted: delivered, or pending while a retry may follow. */
function noted(d: RunDetails, i: number, note: AttemptNote, at: number): RunDetails {
  return change(d, i, (x) => ({
    ...x,
    status: note.ok ? "delivered" : "pending",
    attempts: x.attempts + 1,
    last_error: note.error,
    at,
  }));
}

/** Destination `i` once its attempts are over: still pending means it failed. */
function settled(d: RunDetails, i: number): RunDetails {
  return change(d, i, (x) =>
    x.status === "pending" ? { ...x, status: "failed", last_error: x.last_error ?? "not attempted" } : x,
  );
}

function change(d: RunDetails, i: number, f: (x: DeliveryEntry) => DeliveryEntry): RunDetails {
  return { ...d, deliveries: d.deliveries.map((x, j) => (j === i ? f(x) : x)) };
}
