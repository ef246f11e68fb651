import type { ReportRunRecord, ReportScheduleRecord } from "./port/report-schedules.js";

/** The tables' columns in both engines' order (ClickHouse adds deleted and version to schedules, version to runs). */
export const REPORT_SCHEDULE_COLUMNS = "id, definition, created_at";
export const REPORT_RUN_COLUMNS = "id, schedule_id, due_at, claimed_by, status, started_at, updated_at, details";
export const REPORT_RUN_ORDER = "due_at DESC, id";

/** A stored row as a record; both engines may answer 64-bit integers as bigint or text. */
export function toReportScheduleRecord(r: Record<string, unknown>): ReportScheduleRecord {
  return { id: String(r.id), definition: String(r.definition), created_at: Number(r.created_at) };
}

export function reportScheduleValues(s: ReportScheduleRecord): Array<string | number> {
  return [s.id, s.definition, s.created_at];
}

export function toReportRunRecord(r: Record<string, unknown>): ReportRunRecord {
  return {
    id: String(r.id),
    schedule_id: String(r.schedule_id),
    due_at: Number(r.due_at),
    claimed_by: String(r.claimed_by),
    status: String(r.status) as ReportRunRecord["status"],
    started_at: Number(r.started_at),
    updated_at: Number(r.updated_at),
    details: String(r.details),
  };
}

export function reportRunValues(r: ReportRunRecord): Array<string | number> {
  return [r.id, r.schedule_id, r.due_at, r.claimed_by, r.status, r.started_at, r.updated_at, r.details];
}
