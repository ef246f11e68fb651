import { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { ExportParams, ExportQuery } from "../../exports/api-schemas.js";
import type { Exports } from "../../exports/exports.js";
import { actorOf } from "../auth.js";
import { replies } from "../responses.js";
import type { TypeBoxTypeProvider } from "../type-provider.js";

/** Streamed exports of events, sessions, KPIs and metric series (read scope; docs/exports.md). */
export function registerExportRoutes(instance: FastifyInstance, exports: Pick<Exports, "open">): void {
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
    async (request, reply) => {
      const opened = await exports.open(request.params.type, request.query, actorOf(request));
      // A stream is never serialised against a reply schema: typed loosely for that one call.
      return reply
        .header("content-type", opened.format.contentType)
        .header("content-disposition", `attachment; filename="${opened.fileName}"`)
        .header("cache-control", "no-store")
        .send(Readable.from(opened.body) as never);
    },
  );
}
