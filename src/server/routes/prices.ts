import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { type PriceBook, PriceInput, priceView } from "../../insights/pricing.js";
import { IdParams } from "../api-schemas.js";
import { replies } from "../responses.js";
import type { TypeBoxTypeProvider } from "../type-provider.js";

const PriceView = Type.Object({
  id: Type.String(),
  model: Type.String(),
  input_per_1k: Type.Number(),
  output_per_1k: Type.Number(),
  currency: Type.String(),
  effective_from: Type.String({ format: "date-time" }),
  created_at: Type.String({ format: "date-time" }),
});
const PricesReply = Type.Object({ prices: Type.Array(PriceView) });

/** The price table of AI models: anyone who reads may list it, only admins change it. */
export function registerPriceRoutes(instance: FastifyInstance, book: PriceBook): void {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["ai-cost"];

  app.get(
    "/api/analytics/prices",
    {
      config: { scope: "read" },
      schema: { tags, summary: "List the prices of AI models", response: replies({ 200: PricesReply }) },
    },
    async () => ({ prices: (await book.list()).map(priceView) }),
  );

  app.post(
    "/api/analytics/prices",
    {
      config: { scope: "admin" },
      schema: {
        tags,
        summary: "Add a price of a model from a date on",
        description:
          "Runs without a sent cost are priced at query time by the price in effect at their time, so a price dated in the past re-prices the past.",
        body: PriceInput,
        response: replies({ 201: PriceView }),
      },
    },
    async (request, reply) => {
      const price = await book.add(request.body);
      return reply.code(201).send(priceView(price));
    },
  );

  app.delete(
    "/api/analytics/prices/:id",
    { config: { scope: "admin" }, schema: { tags, summary: "Delete a price", params: IdParams } },
    async (request, reply) => {
      await book.remove(request.params.id);
      return reply.code(204).send();
    },
  );
}
