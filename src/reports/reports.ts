import { fileStamp, safeFileName } from "../exports/file-name.js";
import { type PeriodQuery, resolvePeriod } from "../model/period.js";
import type { ReportDocument } from "./document.js";
import {
  FORMAT_MEDIA,
  type ProducedReport,
  type ReportFormat,
  type ReportRequest,
  type ReportType,
  reportFormat,
  reportType,
} from "./produce.js";
import { renderJson } from "./render/json.js";
import type { ReportSources } from "./sources.js";
import { type TechnicalReport, technicalDocument, technicalReport } from "./technical.js";

export type Report = TechnicalReport;

/** Each report type: how it is computed and how it is laid out for the page formats. */
const BUILDERS = {
  technical_report: { build: technicalReport, layout: technicalDocument },
} as const satisfies Partial<
  Record<
    ReportType,
    { build(s: ReportSources, p: ReturnType<typeof resolvePeriod>): Promise<Report>; layout(r: never): ReportDocument }
  >
>;

/** The reports over any period, computed from the store, and rendered in any of their formats. */
export class Reports {
  constructor(private readonly sources: ReportSources) {}

  /** The report object (what JSON renders). An unknown type is a 400 naming `type`. */
  async generate(type: string, period: PeriodQuery = {}): Promise<Report> {
    const t = reportType(type);
    const builder = BUILDERS[t as keyof typeof BUILDERS];
    if (!builder) throw new Error(`report type ${t} is not built yet`);
    return builder.build(this.sources, resolvePeriod(period, this.sources.now()));
  }

  /** The report rendered: body, media type and a safe file name. */
  async produce(request: ReportRequest): Promise<ProducedReport> {
    const type = reportType(request.type);
    const format = reportFormat(request.format);
    const report = await this.generate(type, request.period);
    return {
      body: render(report, format),
      contentType: FORMAT_MEDIA[format].contentType,
      fileName: safeFileName([type, fileStamp(Date.parse(report.generated_at))], FORMAT_MEDIA[format].extension),
    };
  }
}

function render(report: Report, format: ReportFormat): string {
  if (format === "json") return renderJson(report);
  throw new Error(`format ${format} is not rendered yet`);
}
