import { type Static, Type } from "@sinclair/typebox";
import { ValidationError } from "../errors.js";
import { PeriodQuery } from "../model/period.js";

export const REPORT_TYPES = ["executive_summary", "technical_report", "user_behavior"] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

export const REPORT_FORMATS = ["json", "html", "md", "csv"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A report to produce: its type, the format to render it in, and the period it covers. */
export interface ReportRequest {
  type: ReportType;
  format: ReportFormat;
  period: PeriodQuery;
}

/** A rendered report: the body, its media type and a safe file name (for Content-Disposition, mail, files). */
export interface ProducedReport {
  body: string;
  contentType: string;
  fileName: string;
}

export type ProduceReport = (request: ReportRequest) => Promise<ProducedReport>;

/** Media type and file extension of each format. */
export const FORMAT_MEDIA: Record<ReportFormat, { contentType: string; extension: string }> = {
  json: { contentType: "application/json; charset=utf-8", extension: "json" },
  html: { contentType: "text/html; charset=utf-8", extension: "html" },
  md: { contentType: "text/markdown; charset=utf-8", extension: "md" },
  csv: { contentType: "text/csv; charset=utf-8; header=present", extension: "csv" },
};

export const ReportTypeParam = Type.Object({
  type: Type.String({ maxLength: 64, description: `One of ${REPORT_TYPES.join(", ")}` }),
});

/** The report query string: the shared period and the format. */
export const ReportQuery = Type.Composite(
  [
    PeriodQuery,
    Type.Object({
      format: Type.Union(
        REPORT_FORMATS.map((f) => Type.Literal(f)),
        { default: "json", description: "json, html (printable, inline SVG charts), md or csv (the report's tables)" },
      ),
    }),
  ],
  { additionalProperties: false },
);
export type ReportQuery = Static<typeof ReportQuery>;

export function isReportType(type: string): type is ReportType {
  return (REPORT_TYPES as readonly string[]).includes(type);
}

/** The type, or a 400 naming `type` with the known ones. */
export function reportType(type: string): ReportType {
  if (isReportType(type)) return type;
  throw new ValidationError(`Unknown report type: ${type.slice(0, 64)}`, [
    { field: "type", message: `must be one of ${REPORT_TYPES.join(", ")}` },
  ]);
}

/** The format, or a 400 naming `format`: no report is ever sent in a format it was not rendered in. */
export function reportFormat(format: string): ReportFormat {
  if ((REPORT_FORMATS as readonly string[]).includes(format)) return format as ReportFormat;
  throw new ValidationError(`Unsupported report format: ${format.slice(0, 64)}`, [
    { field: "format", message: `must be one of ${REPORT_FORMATS.join(", ")}` },
  ]);
}
