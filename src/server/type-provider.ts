import type { Static, TSchema } from "@sinclair/typebox";
import type { FastifyTypeProvider } from "fastify";

/**
 * Route inputs and replies typed by their TypeBox schemas, so no handler casts what it was given.
 * Written against the TypeBox the schemas are built with (@sinclair/typebox 0.34):
 * @fastify/type-provider-typebox 6 infers through TypeBox 1.x, which reads a union built from a list
 * (`Type.Union(SCOPES.map(Type.Literal))`) as `never`.
 */
export interface TypeBoxTypeProvider extends FastifyTypeProvider {
  validator: this["schema"] extends TSchema ? Static<this["schema"]> : unknown;
  serializer: this["schema"] extends TSchema ? Static<this["schema"]> : unknown;
}
