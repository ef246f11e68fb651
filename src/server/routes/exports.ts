import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply } from "fastify";
import { ExportParams, ExportQuery } from "../../exports/api-schemas.js";
import type { Exports, OpenedExport } from "../../exports/exports.js";
import { ReportTypeParam, reportType } from "../../reports/produce.js";
import { actorOf } from "../auth.js";
import { replies } from "../responses.js";
import type { TypeBoxTypeProvider } from "../type-provider.js";

/** Streamed exports of events, sessions, KPIs and metric series (read scope; docs/exports.md). */
export function registerExportRoutes(instance: FastifyInstance, exports: Pick<Exports, "open" | "openReport">): void {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    "/api/analytics/export/:type",
    {
      config: { scope: "read" },
      schema: {
        tags: ["exports"],
        summary: "Export events, sessions, KPIs or a metric series as JSON, NDJSON, CSV, XML or Parquet",
        description:
          "The body streams as it is read (a file download). An error after the first bytes ends the body " +
          "unfinished, after a last line naming the error in the text formats (see docs/exports.md).",
        params: ExportParams,
        querystring: ExportQuery,
        response: replies({}),
      },
    },
    async (request, reply) => send(reply, await exports.open(request.params.type, request.query, actorOf(request))),
  );

  app.get(
    "/api/analytics/export/reports/:type",
    {
      config: { scope: "read" },
      schema: {
        tags: ["exports"],
        summary: "Export a report's tables as rows, in any export format",
        description:
          "Every table of the report (as its csv format has them) in one table: report_table names the table a row comes from.",
        params: ReportTypeParam,
        querystring: ExportQuery,
        response: replies({}),
      },
    },
    async (request, reply) =>
      send(reply, await exports.openReport(reportType(request.params.type), request.query, actorOf(request))),
  );
}

/** The export as a download, streamed as the client reads it. */
function send(reply: FastifyReply, opened: OpenedExport): FastifyReply {
  if (opened.rows !== undefined) reply.header("x-export-rows", opened.rows);
  return reply
    .header("content-type", opened.format.contentType)
    .header("content-disposition", `attachment; filename="${opened.fileName}"`)
    .header("cache-control", "no-store")
    .send(Readable.from(opened.body));
}
