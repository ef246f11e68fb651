import type { FastifyInstance } from "fastify";
import {
  DeliveriesQuery,
  DeliveriesReply,
  RunReply,
  ScheduleReply,
  SchedulesReply,
} from "../../schedules/api-schemas.js";
import { ScheduleInput } from "../../schedules/schedule.js";
import type { ReportSchedules } from "../../schedules/schedules.js";
import { IdParams } from "../api-schemas.js";
import { actorOf } from "../auth.js";
import { replies } from "../responses.js";
import type { TypeBoxTypeProvider } from "../type-provider.js";

const SCHEDULES = "/api/analytics/reports/schedules";

/** Report schedules, running one now, and the delivery log: all admin. */
export function registerReportScheduleRoutes(instance: FastifyInstance, schedules: ReportSchedules): void {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["reports"];
  const config = { scope: "admin" as const };

  app.get(
    SCHEDULES,
    { config, schema: { tags, summary: "List report schedules", response: replies({ 200: SchedulesReply }) } },
    async () => ({ schedules: await schedules.views() }),
  );

  app.post(
    SCHEDULES,
    {
      config,
      schema: {
        tags,
        summary: "Create a report schedule",
        description: "A cron expression in a time zone, a report type, period and format, and its recipients.",
        body: ScheduleInput,
        response: replies({ 201: ScheduleReply }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(schedules.view(await schedules.create(request.body, actorOf(request)))),
  );

  app.get(
    `${SCHEDULES}/:id`,
    {
      config,
      schema: { tags, summary: "A report schedule", params: IdParams, response: replies({ 200: ScheduleReply }) },
    },
    async (request) => schedules.view(await schedules.get(request.params.id)),
  );

  app.delete(
    `${SCHEDULES}/:id`,
    { config, schema: { tags, summary: "Delete a report schedule (its runs stay in the log)", params: IdParams } },
    async (request, reply) => {
      await schedules.remove(request.params.id, actorOf(request));
      return reply.code(204).send();
    },
  );

  app.post(
    `${SCHEDULES}/:id/run`,
    {
      config,
      schema: {
        tags,
        summary: "Run a report schedule now",
        description:
          "Makes and delivers the report now, retried as scheduled runs are; answers once every delivery ended.",
        params: IdParams,
        response: replies({ 200: RunReply }),
      },
    },
    (request) => schedules.runNow(request.params.id, actorOf(request)),
  );

  app.get(
    "/api/analytics/reports/deliveries",
    {
      config,
      schema: {
        tags,
        summary: "The delivery log",
        description:
          "Runs of report schedules, newest occurrence first: each destination's status, attempts and last error.",
        querystring: DeliveriesQuery,
        response: replies({ 200: DeliveriesReply }),
      },
    },
    async (request) => ({ runs: await schedules.deliveries(request.query) }),
  );
}
