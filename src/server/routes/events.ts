import type { FastifyInstance } from "fastify";
import { drillDownFilter } from "../../explore/drill-down.js";
import type { EventsExplorer } from "../../explore/events.js";
import { toPublicEvent } from "../../model/event.js";
import { EventsQuery, EventsReply } from "../api-schemas.js";
import { decodeCursor, nextCursor, parseTime } from "../query-params.js";
import { replies } from "../responses.js";
import type { TypeBoxTypeProvider } from "../type-provider.js";

export function registerEventRoutes(instance: FastifyInstance, events: Pick<EventsExplorer, "page">): void {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    "/api/analytics/events",
    {
      config: { scope: "read" },
      schema: {
        tags: ["events"],
        summary: "Stored events, newest first",
        description:
          "Everything acknowledged before this request is included. Page with next_cursor. endpoint, membrane_type, model, status_class and error_type narrow it as a dashboard click does.",
        querystring: EventsQuery,
        response: replies({ 200: EventsReply }),
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 100;
      const query = {
        eventType: q.event_type,
        userId: q.user_id,
        sessionId: q.session_id,
        filter: drillDownFilter(q),
        from: parseTime(q.from, "from"),
        to: parseTime(q.to, "to"),
        after: decodeCursor(q.cursor),
        limit,
      };
      // Read-your-writes: an event acknowledged before this request is listed.
      const rows = await events.page(query, { fresh: true });
      return {
        events: rows.map(toPublicEvent),
        next_cursor: nextCursor(rows, limit, (e) => ({ at: e.timestamp, id: e.event_id })),
      };
    },
  );
}
