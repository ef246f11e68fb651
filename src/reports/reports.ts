import { ValidationError } from "../errors.js";
import { fileStamp, safeFileName } from "../exports/file-name.js";
import { type Period, PeriodQuery, resolvePeriod } from "../model/period.js";
import { check } from "../model/validate.js";
import { type ReportDocument, type Table, tablesOf } from "./document.js";
import { type ExecutiveSummary, executiveDocument, executiveSummary } from "./executive.js";
import {
  FORMAT_MEDIA,
  type ProducedReport,
  type ReportFormat,
  type ReportRequest,
  type ReportType,
  reportFormat,
  reportType,
} from "./produce.js";
import { renderCsv } from "./render/csv.js";
import { renderHtml } from "./render/html.js";
import { renderJson } from "./render/json.js";
import { renderMarkdown } from "./render/md.js";
import type { ReportSources } from "./sources.js";
import { type TechnicalReport, technicalDocument, technicalReport } from "./technical.js";
import { type UserBehaviorReport, userBehaviorDocument, userBehaviorReport } from "./user-behavior.js";

export type Report = ExecutiveSummary | TechnicalReport | UserBehaviorReport;

/** The report object of a type, computed over a period. */
function build(s: ReportSources, type: ReportType, period: Period): Promise<Report> {
  if (type === "executive_summary") return executiveSummary(s, period);
  if (type === "technical_report") return technicalReport(s, period);
  return userBehaviorReport(s, period);
}

/** A report laid out in sections of tables and charts: what html, md and csv render (and exports stream). */
export function reportDocument(report: Report): ReportDocument {
  if (report.report_type === "executive_summary") return executiveDocument(report);
  if (report.report_type === "technical_report") return technicalDocument(report);
  return userBehaviorDocument(report);
}

const PAGE_RENDERERS: Record<Exclude<ReportFormat, "json">, (doc: ReportDocument) => string> = {
  html: renderHtml,
  md: renderMarkdown,
  csv: renderCsv,
};

export function renderReport(report: Report, format: ReportFormat): string {
  return format === "json" ? renderJson(report) : PAGE_RENDERERS[format](reportDocument(report));
}

/** The reports over any period, computed from the store, and rendered in any of their formats. */
export class Reports {
  constructor(private readonly sources: ReportSources) {}

  /**
   * The report object (what JSON renders), default the last 24 hours. An unknown type, or a period
   * that does not fit PeriodQuery (a stored schedule's, a library call's), is a 400 naming the field.
   */
  generate(type: string, period: PeriodQuery = {}): Promise<Report> {
    const t = reportType(type);
    const errors = check(PeriodQuery, period);
    if (errors.length) throw new ValidationError("Invalid period", errors);
    return build(this.sources, t, resolvePeriod(period, this.sources.now()));
  }

  /** The report's tables (what CSV renders), for exports that stream them as rows. */
  async tables(type: string, period: PeriodQuery = {}): Promise<Table[]> {
    return tablesOf(reportDocument(await this.generate(type, period)));
  }

  /** The report rendered: body, media type and a safe file name (`<type>_<YYYYMMDD_HHMMSS>.<ext>`, UTC). */
  async produce(request: ReportRequest): Promise<ProducedReport> {
    const type = reportType(request.type);
    const format = reportFormat(request.format);
    const report = await this.generate(type, request.period);
    const media = FORMAT_MEDIA[format];
    return {
      body: renderReport(report, format),
      contentType: media.contentType,
      fileName: safeFileName([type, fileStamp(Date.parse(report.generated_at))], media.extension),
    };
  }
}
