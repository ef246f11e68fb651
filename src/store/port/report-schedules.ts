/**
 * A report schedule as stored: its definition as JSON (validated by src/schedules/schedule.ts
 * before it gets here), so the table need not change when a schedule gains a field. Few rows: read whole.
 */
export interface ReportScheduleRecord {
  id: string;
  definition: string;
  created_at: number;
}

/**
 * One run of a schedule: the occurrence `due_at` of schedule `schedule_id`, claimed by
 * `claimed_by` (a scheduler's token) before anything is delivered. `details` is JSON: the report
 * made and each delivery's attempts, updated as they happen.
 */
export interface ReportRunRecord {
  /** `<schedule_id>@<due_at>`: one run per schedule and occurrence, whoever claims it. */
  id: string;
  schedule_id: string;
  due_at: number;
  claimed_by: string;
  status: "running" | "delivered" | "partial" | "failed";
  started_at: number;
  updated_at: number;
  details: string;
}

export interface ReportRunsQuery {
  scheduleId?: string;
  status?: ReportRunRecord["status"];
  limit: number;
}

/** Report schedules and their delivery log, shared by every node. */
export interface ReportScheduleStore {
  /** Inserts the schedule, or replaces the one with its id. */
  saveReportSchedule(schedule: ReportScheduleRecord): Promise<void>;
  /** Every schedule, by created_at then id. */
  listReportSchedules(): Promise<ReportScheduleRecord[]>;
  /** Removes a schedule (its runs stay in the log); false when there is no such schedule. */
  deleteReportSchedule(id: string): Promise<boolean>;
  /**
   * Records `run` unless a run with its id is recorded already: true when this call recorded it.
   * Claiming before delivering makes each occurrence run once, across restarts and nodes.
   */
  claimReportRun(run: ReportRunRecord): Promise<boolean>;
  /** Replaces a claimed run's record (its status and details as deliveries progress). */
  saveReportRun(run: ReportRunRecord): Promise<void>;
  /** Runs, newest occurrence first (then id), of one schedule or of all, of one status or of any. */
  listReportRuns(q: ReportRunsQuery): Promise<ReportRunRecord[]>;
}
