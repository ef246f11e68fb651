import type { Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { AnalyticsService } from "../../service.js";
import { actorOf } from "../auth.js";
import { BackupReply, CleanupBody, CleanupReply } from "../governance-schemas.js";
import { replies } from "../responses.js";

export function registerMaintenanceRoutes(app: FastifyInstance, service: AnalyticsService): void {
  const admin = { scope: "admin" as const };

  app.post(
    "/api/analytics/maintenance/cleanup",
    {
      config: admin,
      // The body is optional: none runs retention with the settings.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        tags: ["governance"],
        summary: "Run retention now",
        description:
          "Deletes events older than their type's retention (the settings, or this run's days from the body); answers what was deleted per type. Audited.",
        body: CleanupBody,
        response: replies({ 200: CleanupReply }),
      },
    },
    async (request) => {
      const body = request.body as Static<typeof CleanupBody>;
      return service.cleanup(
        { retentionDays: body.retention_days, retentionByType: body.retention_by_type },
        actorOf(request),
      );
    },
  );

  app.post(
    "/api/analytics/maintenance/backup",
    {
      config: admin,
      schema: {
        tags: ["governance"],
        summary: "Take a backup now",
        description:
          "A consistent snapshot of every table, taken while ingestion goes on, written under backupDirectory with a manifest and SHA-256 checksums. Audited.",
        response: replies({ 201: BackupReply }),
      },
    },
    async (request, reply) => reply.code(201).send(await service.backup(actorOf(request))),
  );
}
