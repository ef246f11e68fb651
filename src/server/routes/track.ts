import type { FastifyInstance } from "fastify";
import { type FieldError, ValidationError } from "../../errors.js";
import type { Tracking } from "../../ingest/tracking.js";
import { BatchResult } from "../../model/batch-result.js";
import type { EventType } from "../../model/event-types.js";
import { EventIdReply, MetricsReply } from "../api-schemas.js";
import { echoedFieldErrors } from "../error-handler.js";
import { eventBodyValidator } from "../event-validator.js";
import { replies } from "../responses.js";
import type { TypeBoxTypeProvider } from "../type-provider.js";

/** Path segment of each single-event endpoint (the seed's names) and the event type it records. */
const TRACK_PATHS: Array<{ path: string; type: EventType; summary: string }> = [
  { path: "action", type: "user_action", summary: "Track a user action" },
  { path: "api-request", type: "api_request", summary: "Track an API request" },
  { path: "cognitive-process", type: "cognitive_process", summary: "Track a cognitive processing run" },
  { path: "system-metrics", type: "system_metric", summary: "Track system metrics" },
  { path: "error", type: "error", summary: "Track an error" },
  { path: "performance", type: "performance", summary: "Track a named performance timing" },
];

const ACK = "Answered once the event is on disk (fsynced): from then on it is never lost.";

const echoedRejection = (r: { index: number; errors: FieldError[] }) => ({ ...r, errors: echoedFieldErrors(r.errors) });

export function registerTrackRoutes(instance: FastifyInstance, tracking: Tracking): void {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const validatorCompiler = eventBodyValidator(tracking);
  for (const { path, type, summary } of TRACK_PATHS) {
    // The first version answered system metrics with {"status": "recorded"}; kept, plus the id.
    const metrics = type === "system_metric";
    app.post(
      `/api/analytics/track/${path}`,
      {
        config: { scope: "ingest" },
        validatorCompiler,
        schema: {
          tags: ["tracking"],
          summary,
          description: ACK,
          body: tracking.schemas.track[type],
          response: replies({ 201: metrics ? MetricsReply : EventIdReply }),
        },
      },
      async (request, reply) => {
        const event_id = await tracking.acceptOne(type, request.body, true);
        return reply.code(201).send(metrics ? { status: "recorded", event_id } : { event_id });
      },
    );
  }

  app.post(
    "/api/analytics/track/batch",
    {
      config: { scope: "ingest" },
      schema: {
        tags: ["tracking"],
        summary: "Track many events at once",
        description: `Each event is checked on its own: good ones are stored, bad ones listed by index (400 when none is good). ${ACK}`,
        body: tracking.schemas.batch,
        response: replies({ 201: BatchResult }),
      },
    },
    async (request, reply) => {
      const result = await tracking.acceptBatch(request.body.events);
      if (!result.accepted.length) {
        throw new ValidationError(
          "No event in the batch is valid",
          result.rejected.flatMap((r) => r.errors.map((e) => ({ ...e, field: `events.${r.index}.${e.field}` }))),
        );
      }
      return reply.code(201).send({ ...result, rejected: result.rejected.map(echoedRejection) });
    },
  );
}
