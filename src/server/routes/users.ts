import type { Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { AnalyticsService } from "../../service.js";
import { actorOf } from "../auth.js";
import { ErasedReply, UserParams } from "../governance-schemas.js";
import { replies } from "../responses.js";

export function registerUserRoutes(app: FastifyInstance, service: AnalyticsService): void {
  app.delete(
    "/api/analytics/users/:id",
    {
      config: { scope: "admin" },
      schema: {
        tags: ["governance"],
        summary: "Erase one user's events and sessions",
        description:
          "Everything acknowledged before the request is loaded first, then the user's events and every event of their sessions are deleted. Answers how many. Audited.",
        params: UserParams,
        response: replies({ 200: ErasedReply }),
      },
    },
    async (request) => {
      const { id } = request.params as Static<typeof UserParams>;
      return { user_id: id, erased_events: await service.eraseUser(id, actorOf(request)) };
    },
  );
}
