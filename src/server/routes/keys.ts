import type { FastifyInstance } from "fastify";
import { audited } from "../../audit/audited.js";
import type { AuditRecorder } from "../../audit/recorder.js";
import type { KeyRing } from "../../auth/keys.js";
import { NotFoundError } from "../../errors.js";
import { toEpochMs } from "../../model/time.js";
import { CreatedKeyReply, CreateKeyBody, IdParams, KeysReply } from "../api-schemas.js";
import { actorOf } from "../auth.js";
import { replies } from "../responses.js";
import type { TypeBoxTypeProvider } from "../type-provider.js";

export function registerKeyRoutes(
  instance: FastifyInstance,
  keys: Pick<KeyRing, "create" | "list" | "revoke">,
  audit: AuditRecorder,
): void {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const admin = { scope: "admin" as const };

  app.post(
    "/api/analytics/keys",
    {
      config: admin,
      schema: {
        tags: ["keys"],
        summary: "Create an API key",
        description: "The key is shown only in this answer; the server keeps its hash.",
        body: CreateKeyBody,
        response: replies({ 201: CreatedKeyReply }),
      },
    },
    async (request, reply) => {
      const { name, scopes, expires_at, allowed_origins } = request.body;
      const created = await audited(
        audit,
        { ...actorOf(request), action: "keys.create", details: { name, scopes, expires_at, allowed_origins } },
        () =>
          keys.create(name, scopes, {
            expiresAt: expires_at === undefined ? null : toEpochMs(expires_at),
            origins: allowed_origins,
          }),
        (c) => ({ key_id: c.id }),
      );
      // The secret is in this answer only: no browser or proxy may keep a copy.
      return reply.code(201).header("cache-control", "no-store").send(created);
    },
  );

  app.get(
    "/api/analytics/keys",
    { config: admin, schema: { tags: ["keys"], summary: "List API keys", response: replies({ 200: KeysReply }) } },
    // Keys are written to the store directly (not through the durable log), so a listing always has them.
    async () => ({ keys: await keys.list() }),
  );

  app.delete(
    "/api/analytics/keys/:id",
    {
      config: admin,
      schema: { tags: ["keys"], summary: "Revoke an API key", params: IdParams },
    },
    async (request, reply) => {
      const { id } = request.params;
      const revoked = await keys.revoke(id);
      await audit.record({
        ...actorOf(request),
        action: "keys.revoke",
        target: id,
        outcome: revoked ? "ok" : "failed",
      });
      if (!revoked) throw new NotFoundError("API key not found");
      return reply.code(204).send();
    },
  );
}
