import type { FastifyInstance } from "fastify";
import {
  DashboardDataReply,
  DashboardDefinition,
  DashboardInput,
  DashboardParams,
  DashboardQuery,
  DashboardsReply,
} from "../../dashboards/api-schemas.js";
import type { Dashboards } from "../../dashboards/dashboards.js";
import { actorOf } from "../auth.js";
import { replies } from "../responses.js";
import type { TypeBoxTypeProvider } from "../type-provider.js";

const API = "/api/analytics";

/** Dashboards: the list and each one's data (read), custom ones created, replaced and deleted (admin). */
export function registerDashboardRoutes(instance: FastifyInstance, dashboards: Dashboards): void {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["dashboards"];
  const read = { scope: "read" as const };
  const admin = { scope: "admin" as const };

  app.get(
    `${API}/dashboards`,
    {
      config: read,
      schema: {
        tags,
        summary: "Dashboards",
        description: "The built-in ones first (executive, technical, cognitive, user_behavior), then custom ones.",
        response: replies({ 200: DashboardsReply }),
      },
    },
    () => dashboards.list(),
  );

  app.get(
    `${API}/dashboard/:id`,
    {
      config: read,
      schema: {
        tags,
        summary: "A dashboard's data",
        description:
          "Every widget computed over the period (hours, default 24, or from/to; tz; compare=previous) and the page filters. A widget whose query fails answers {error}; the others still answer.",
        params: DashboardParams,
        querystring: DashboardQuery,
        response: replies({ 200: DashboardDataReply }),
      },
    },
    (request) => dashboards.data(request.params.id, request.query),
  );

  app.get(
    `${API}/dashboard/:id/definition`,
    {
      config: read,
      schema: {
        tags,
        summary: "A dashboard's definition (built-ins too), for the editor",
        params: DashboardParams,
        response: replies({ 200: DashboardDefinition }),
      },
    },
    (request) => dashboards.definition(request.params.id),
  );

  app.post(
    `${API}/dashboard`,
    {
      config: admin,
      schema: {
        tags,
        summary: "Create a custom dashboard",
        description: "The first version's format; an id that exists or a built-in id is a 409.",
        body: DashboardInput,
        response: replies({ 201: DashboardDefinition }),
      },
    },
    async (request, reply) => reply.code(201).send(await dashboards.create(request.body, actorOf(request))),
  );

  app.put(
    `${API}/dashboard/:id`,
    {
      config: admin,
      schema: {
        tags,
        summary: "Replace a custom dashboard",
        params: DashboardParams,
        body: DashboardInput,
        response: replies({ 200: DashboardDefinition }),
      },
    },
    (request) => dashboards.update(request.params.id, request.body, actorOf(request)),
  );

  app.delete(
    `${API}/dashboard/:id`,
    { config: admin, schema: { tags, summary: "Delete a custom dashboard", params: DashboardParams } },
    async (request, reply) => {
      await dashboards.remove(request.params.id, actorOf(request));
      return reply.code(204).send();
    },
  );
}
