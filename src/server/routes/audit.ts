import type { Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { AuditLog } from "../../audit/audit-log.js";
import { AuditQuery, AuditReply } from "../governance-schemas.js";
import { decodeCursor, nextCursor, parseTime } from "../query-params.js";
import { replies } from "../responses.js";

export function registerAuditRoutes(app: FastifyInstance, audit: AuditLog): void {
  app.get(
    "/api/analytics/audit",
    {
      config: { scope: "admin" },
      schema: {
        tags: ["governance"],
        summary: "The audit trail, newest first",
        description:
          "Who (key id), what, when, from where and how it ended, for key changes, retention, erasures, backups, restores and failed admin attempts. Append only. Page with next_cursor.",
        querystring: AuditQuery,
        response: replies({ 200: AuditReply }),
      },
    },
    async (request) => {
      const q = request.query as Static<typeof AuditQuery>;
      const limit = q.limit ?? 100;
      const rows = await audit.page({
        actor: q.actor,
        action: q.action,
        from: parseTime(q.from, "from"),
        to: parseTime(q.to, "to"),
        after: decodeCursor(q.cursor),
        limit,
      });
      return {
        entries: rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() })),
        next_cursor: nextCursor(rows, limit, (r) => ({ at: r.at, id: r.id })),
      };
    },
  );
}
