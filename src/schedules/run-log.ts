import type { ReportRunRecord } from "../store/port/report-schedules.js";
import type { ChannelName } from "./channels/channel.js";

/** One destination's deliveries of a run: every attempt counted, the last one's error and time kept. */
export interface DeliveryEntry {
  channel: ChannelName;
  target: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  last_error: string | null;
  /** When the last attempt ended (epoch ms), null before the first. */
  at: number | null;
}

/** A run's details as stored (the run row's `details` JSON). */
export interface RunDetails {
  /** Run on demand (POST …/run) rather than by the schedule. */
  manual: boolean;
  report: { file_name: string; content_type: string; bytes: number; from: number; to: number } | null;
  /** Why no report could be made, when none could: nothing was delivered then. */
  error: string | null;
  deliveries: DeliveryEntry[];
}

export const detailsOf = (r: ReportRunRecord): RunDetails => JSON.parse(r.details) as RunDetails;

/**
 * A run's status from its details: running while a delivery is under way; failed when no report
 * could be made or no destination got it; partial when some did; delivered when all did.
 */
export function statusOf(d: RunDetails): ReportRunRecord["status"] {
  if (d.error !== null) return "failed";
  if (d.deliveries.some((x) => x.status === "pending")) return "running";
  const delivered = d.deliveries.filter((x) => x.status === "delivered").length;
  if (delivered === d.deliveries.length) return "delivered";
  return delivered === 0 ? "failed" : "partial";
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The run as the delivery log shows it: times in ISO 8601. */
export function runView(r: ReportRunRecord) {
  const d = detailsOf(r);
  return {
    id: r.id,
    schedule_id: r.schedule_id,
    due_at: iso(r.due_at),
    status: r.status,
    manual: d.manual,
    started_at: iso(r.started_at),
    updated_at: iso(r.updated_at),
    report: d.report
      ? {
          file_name: d.report.file_name,
          content_type: d.report.content_type,
          bytes: d.report.bytes,
          from: iso(d.report.from),
          to: iso(d.report.to),
        }
      : null,
    error: d.error,
    deliveries: d.deliveries.map((x) => ({ ...x, at: x.at === null ? null : iso(x.at) })),
  };
}
export type RunView = ReturnType<typeof runView>;
