import type { ProducedReport } from "../../reports/produce.js";
import type { RetryOptions } from "../../util/retry.js";
import type { ReportSchedule } from "../schedule.js";

export type ChannelName = "email" | "webhook" | "directory";

/** What a run hands every destination: the report and the facts about it. */
export interface ReportMessage {
  run_id: string;
  schedule: ReportSchedule;
  due_at: number;
  period: { from: number; to: number; tz: string };
  report: ProducedReport;
}

/** One attempt's outcome as a destination reports it, for the delivery log. */
export interface AttemptNote {
  ok: boolean;
  error: string | null;
}

/** Where one copy of a report goes (an address, a URL, the directory), retried with back-off. */
export interface Destination {
  channel: ChannelName;
  target: string;
  /** Delivers `message`, making at most `retry.attempts` attempts; `onAttempt` hears each one. */
  deliver(message: ReportMessage, retry: RetryOptions, onAttempt: (note: AttemptNote) => Promise<void>): Promise<void>;
}

/** Metadata every channel states the same way (mail headers, webhook headers): ISO 8601 times. */
export function metadataOf(m: ReportMessage) {
  return {
    run_id: m.run_id,
    schedule_id: m.schedule.id,
    schedule_name: m.schedule.name,
    report_type: m.schedule.report_type,
    format: m.schedule.format,
    due_at: new Date(m.due_at).toISOString(),
    period: { from: new Date(m.period.from).toISOString(), to: new Date(m.period.to).toISOString(), tz: m.period.tz },
    file_name: m.report.fileName,
  };
}
