import type { TSchema } from "@sinclair/typebox";
import type { FastifySchemaCompiler } from "fastify";
import { ValidationError } from "../errors.js";
import type { Tracking } from "../ingest/tracking.js";

/**
 * The validator of routes whose body is one event (the track routes, session start): the pipeline's
 * own check, the one library calls get, so that a body refused here counts as a rejected event like
 * every other. The answer is Fastify's usual one: 400 naming every bad field.
 */
export function eventBodyValidator(tracking: Pick<Tracking, "checkEvent">) {
  // Generic in the route's schema type, so any route may take it.
  return <S>({ schema }: Parameters<FastifySchemaCompiler<S>>[0]): ReturnType<FastifySchemaCompiler<S>> =>
    (body: unknown) => {
      const errors = tracking.checkEvent(schema as TSchema, body);
      return errors.length ? { error: new ValidationError("Invalid request", errors) } : true;
    };
}
