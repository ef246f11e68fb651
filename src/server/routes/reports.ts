import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { REPORT_TYPES, ReportQuery, ReportTypeParam, reportType } from "../../reports/produce.js";
import type { Reports } from "../../reports/reports.js";
import { replies } from "../responses.js";
import type { TypeBoxTypeProvider } from "../type-provider.js";

export function registerReportRoutes(instance: FastifyInstance, reports: Reports): void {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    "/api/analytics/reports/:type",
    {
      config: { scope: "read" },
      schema: {
        tags: ["reports"],
        summary: `A report over a period: ${REPORT_TYPES.join(", ")}`,
        description:
          "Computed from the store over `hours` (default 24) or `from`/`to`; `tz` for hour-of-day, weekday and day figures. " +
          "`format`: json (the report object), html (a printable page, charts as inline SVG, no scripts), md, or csv " +
          "(the report's tables, each after a `section,<name>` row). Non-JSON answers carry a Content-Disposition " +
          "file name. See docs/reports.md for every field.",
        params: ReportTypeParam,
        querystring: ReportQuery,
        response: replies({ 200: Type.String({ description: "The report in the asked format" }) }),
      },
    },
    async (request, reply) => {
      const { format, ...period } = request.query;
      const type = reportType(request.params.type);
      const produced = await reports.produce({ type, format, period });
      reply.header("content-type", produced.contentType);
      if (format !== "json") reply.header("content-disposition", `attachment; filename="${produced.fileName}"`);
      return reply.send(produced.body);
    },
  );
}
