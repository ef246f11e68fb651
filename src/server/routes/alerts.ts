import type { FastifyInstance } from "fastify";
import type { Alerts } from "../../alerts/alerts.js";
import { AlertPageReply, AlertRuleReply, AlertRulesReply, DryRunReply } from "../../alerts/api-schemas.js";
import { AlertsQuery } from "../../alerts/history.js";
import { AlertRuleInput, ruleView } from "../../alerts/rule.js";
import { IdParams } from "../api-schemas.js";
import { actorOf } from "../auth.js";
import { replies } from "../responses.js";
import type { TypeBoxTypeProvider } from "../type-provider.js";

const RULES = "/api/analytics/alerts/rules";

/** Alert rules (admin) and the firing/resolved history (read). */
export function registerAlertRoutes(
  instance: FastifyInstance,
  alerts: Pick<Alerts, "rules" | "history" | "test">,
): void {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["alerts"];
  const admin = { scope: "admin" as const };

  app.get(
    "/api/analytics/alerts",
    {
      config: { scope: "read" },
      schema: {
        tags,
        summary: "Firing and resolved alerts",
        description:
          "Alerts firing at some moment of the period (default the last 24 hours): firing first, then newest first.",
        querystring: AlertsQuery,
        response: replies({ 200: AlertPageReply }),
      },
    },
    (request) => alerts.history(request.query),
  );

  app.get(
    RULES,
    { config: admin, schema: { tags, summary: "List alert rules", response: replies({ 200: AlertRulesReply }) } },
    async () => ({ rules: (await alerts.rules.list()).map(ruleView) }),
  );

  app.post(
    RULES,
    {
      config: admin,
      schema: {
        tags,
        summary: "Create an alert rule",
        body: AlertRuleInput,
        response: replies({ 201: AlertRuleReply }),
      },
    },
    async (request, reply) => reply.code(201).send(ruleView(await alerts.rules.create(request.body, actorOf(request)))),
  );

  app.post(
    `${RULES}/test`,
    {
      config: admin,
      schema: {
        tags,
        summary: "Try a rule on the last 7 days without saving it",
        body: AlertRuleInput,
        response: replies({ 200: DryRunReply }),
      },
    },
    (request) => alerts.test(request.body),
  );

  app.get(
    `${RULES}/:id`,
    {
      config: admin,
      schema: { tags, summary: "An alert rule", params: IdParams, response: replies({ 200: AlertRuleReply }) },
    },
    async (request) => ruleView(await alerts.rules.get(request.params.id)),
  );

  app.put(
    `${RULES}/:id`,
    {
      config: admin,
      schema: {
        tags,
        summary: "Replace an alert rule",
        params: IdParams,
        body: AlertRuleInput,
        response: replies({ 200: AlertRuleReply }),
      },
    },
    async (request) => ruleView(await alerts.rules.update(request.params.id, request.body, actorOf(request))),
  );

  app.delete(
    `${RULES}/:id`,
    { config: admin, schema: { tags, summary: "Delete an alert rule", params: IdParams } },
    async (request, reply) => {
      await alerts.rules.remove(request.params.id, actorOf(request));
      return reply.code(204).send();
    },
  );
}
