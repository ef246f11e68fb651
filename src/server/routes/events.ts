import type { Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { EventsExplorer } from "../../explore/events.js";
import type { Pipeline } from "../../ingest/pipeline.js";
import { toPublicEvent } from "../../model/event.js";
import type { Store } from "../../store/port.js";
import { EventsQuery, EventsReply } from "../api-schemas.js";
import { decodeCursor, nextCursor, parseTime } from "../query-params.js";
import { replies } from "../responses.js";

export function registerEventRoutes(app: FastifyInstance, deps: { pipeline: Pipeline; store: Store }): void {
  const events = new EventsExplorer(deps.store, deps.pipeline);
  app.get(
    "/api/analytics/events",
    {
      config: { scope: "read" },
      schema: {
        tags: ["events"],
        summary: "Stored events, newest first",
        description: "Everything acknowledged before this request is included. Page with next_cursor.",
        querystring: EventsQuery,
        response: replies({ 200: EventsReply }),
      },
    },
    async (request) => {
      const q = request.query as Static<typeof EventsQuery>;
      const limit = q.limit ?? 100;
      const query = {
        eventType: q.event_type,
        userId: q.user_id,
        sessionId: q.session_id,
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
