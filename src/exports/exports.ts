import type { Actor } from "../audit/audited.js";
import type { AuditRecorder } from "../audit/recorder.js";
import { ValidationError } from "../errors.js";
import type { Drainable } from "../explore/read-options.js";
import type { Insights } from "../insights/insights.js";
import { type Kpis, KpiTuning } from "../insights/kpis.js";
import type { Logger } from "../log/logger.js";
import { type Period, type PeriodQuery, resolvePeriod } from "../model/period.js";
import { check } from "../model/validate.js";
import type { ReportType } from "../reports/produce.js";
import type { Reports } from "../reports/reports.js";
import type { QueryRunner } from "../store/port/query-runner.js";
import type { ExportQuery, ExportType } from "./api-schemas.js";
import { fileStamp, safeFileName } from "./file-name.js";
import type { ExportFormat } from "./formats/format.js";
import { FORMATS } from "./formats/index.js";
import { guarded } from "./guarded.js";
import { eventFilter, eventTable } from "./sources/events.js";
import { KPI_COLUMNS, kpiRows } from "./sources/kpis.js";
import { reportTable } from "./sources/report.js";
import { SESSION_COLUMNS, sessionRows } from "./sources/sessions.js";
import { SERIES_COLUMNS, seriesRows } from "./sources/timeseries.js";
import { listed, type Table } from "./table.js";

export interface ExportsDeps {
  runner: QueryRunner;
  /** Waited for first, so everything acknowledged before the export is in it. */
  pipeline: Drainable;
  kpis: Pick<Kpis, "report">;
  insights: Pick<Insights, "series">;
  reports: Pick<Reports, "tables">;
  audit: AuditRecorder;
  sessionTimeoutMs: number;
  logger: Logger;
}

/** An export ready to stream: its format, its download name, its bytes (read once) and, when known, its rows. */
export interface OpenedExport {
  format: ExportFormat;
  fileName: string;
  body: AsyncIterable<string | Uint8Array>;
  /** The rows counted when it began (`X-Export-Rows`), for progress; undefined when not counted first (sessions). */
  rows?: number;
}

/** The query-string fields each type takes beside the period and the format. */
const OWN_FIELDS: Record<ExportType, ReadonlyArray<keyof ExportQuery>> = {
  events: ["event_type", "user_id", "session_id"],
  sessions: ["user_id", "status"],
  kpis: [],
  timeseries: ["metric", "interval"],
};
const TYPED_FIELDS = ["event_type", "user_id", "session_id", "status", "metric", "interval"] as const;

function invalid(field: string, message: string): ValidationError {
  return new ValidationError("Invalid export", [{ field, message }]);
}

/** Events, sessions, KPIs and metric series as streamed files in every format (docs/exports.md). */
export class Exports {
  constructor(private readonly deps: ExportsDeps) {}

  /**
   * Checks the request and starts the export: a bad option is a ValidationError (400) here, before
   * any byte; what goes wrong later ends the stream as docs/exports.md says. Audited as
   * `exports.<type>` once the stream ends (rows written, or why it stopped).
   */
  async open(type: ExportType, q: ExportQuery, by: Actor, now = Date.now()): Promise<OpenedExport> {
    const period = this.check(OWN_FIELDS[type], type, q, now);
    await this.deps.pipeline.drain();
    return this.start(
      { name: type, action: `exports.${type}` },
      await this.table(type, q, period, now),
      q,
      period,
      by,
      now,
    );
  }

  /** A report's tables as rows (docs/exports.md, "Reports"); audited as `exports.reports` with the report type as target. */
  async openReport(type: ReportType, q: ExportQuery, by: Actor, now = Date.now()): Promise<OpenedExport> {
    const period = this.check([], `${type} report`, q, now);
    await this.deps.pipeline.drain();
    const table = reportTable(await this.deps.reports.tables(type, periodOf(q)));
    return this.start({ name: `report_${type}`, action: "exports.reports", target: type }, table, q, period, by, now);
  }

  /** The request's period; a field the export does not take, or metadata outside JSON, is a 400 naming it. */
  private check(own: ReadonlyArray<keyof ExportQuery>, what: string, q: ExportQuery, now: number): Period {
    for (const field of TYPED_FIELDS) {
      if (q[field] !== undefined && !own.includes(field)) throw invalid(field, `does not apply to ${what} exports`);
    }
    if (q.metadata && (q.format ?? "json") !== "json") throw invalid("metadata", "applies to the json format only");
    return resolvePeriod(q, now);
  }

  private async start(
    what: { name: string; action: string; target?: string },
    table: Table,
    q: ExportQuery,
    period: Period,
    by: Actor,
    now: number,
  ): Promise<OpenedExport> {
    const format = FORMATS[q.format ?? "json"];
    const filter = Object.fromEntries(TYPED_FIELDS.filter((f) => q[f] !== undefined).map((f) => [f, q[f]]));
    const range = { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString() };
    const metadata = q.metadata
      ? { type: what.name, generated_at: new Date(now).toISOString(), period: range, filter, columns: table.columns }
      : undefined;
    const body = await guarded(
      format,
      table,
      { type: what.name, metadata },
      {
        audit: this.deps.audit,
        logger: this.deps.logger,
        entry: {
          ...by,
          action: what.action,
          ...(what.target ? { target: what.target } : {}),
          details: { format: format.name, period: range, filter },
        },
      },
    );
    return {
      format,
      fileName: safeFileName([what.name, fileStamp(period.from), fileStamp(period.to)], format.extension),
      body,
      ...(table.count === undefined ? {} : { rows: table.count }),
    };
  }

  private async table(type: ExportType, q: ExportQuery, period: Period, now: number): Promise<Table> {
    const { runner } = this.deps;
    const span = { from: period.from, to: period.to };
    switch (type) {
      case "events":
        return eventTable(
          runner,
          span,
          eventFilter({ eventType: q.event_type, userId: q.user_id, sessionId: q.session_id }),
        );
      case "sessions":
        return {
          columns: SESSION_COLUMNS,
          rows: sessionRows(runner, span, {
            userId: q.user_id,
            status: q.status,
            now,
            timeoutMs: this.deps.sessionTimeoutMs,
          }),
        };
      case "kpis":
        return listed(KPI_COLUMNS, kpiRows(await this.deps.kpis.report(period, defaultTuning())));
      case "timeseries": {
        if (q.metric === undefined) throw invalid("metric", "is required for timeseries exports");
        const series = await this.deps.insights.series(q.metric, period, q.interval ?? "hour");
        return listed(SERIES_COLUMNS, seriesRows(series));
      }
    }
  }
}

/** The period fields of an export's query, as the reports take them. */
function periodOf(q: ExportQuery): PeriodQuery {
  const { hours, from, to, tz } = q;
  return Object.fromEntries(Object.entries({ hours, from, to, tz }).filter(([, v]) => v !== undefined));
}

/** The KPI weights and targets at their defaults. */
function defaultTuning(): KpiTuning {
  const tuning = {};
  check(KpiTuning, tuning);
  return tuning as KpiTuning;
}
