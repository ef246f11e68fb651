import type { FastifyInstance } from "fastify";
import { ConflictError, NotFoundError } from "../../errors.js";
import type { Sessions } from "../../ingest/sessions.js";
import { deriveSession } from "../../ingest/sessions.js";
import type { Tracking } from "../../ingest/tracking.js";
import { SessionView } from "../../model/session.js";
import { SessionEndedReply, SessionIdReply, SessionParams, SessionsQuery, SessionsReply } from "../api-schemas.js";
import { eventBodyValidator } from "../event-validator.js";
import { decodeCursor, nextCursor, parseTime } from "../query-params.js";
import { replies } from "../responses.js";
import type { TypeBoxTypeProvider } from "../type-provider.js";

const DAY_MS = 86_400_000;

export interface SessionRouteDeps {
  /** The session-start body's schema, its check and its limits. */
  tracking: Pick<Tracking, "schemas" | "limits" | "checkEvent">;
  sessions: Pick<Sessions, "start" | "end" | "list" | "get">;
  timeoutMs: number;
}

export function registerSessionRoutes(instance: FastifyInstance, deps: SessionRouteDeps): void {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { tracking, sessions, timeoutMs } = deps;
  const maxString = tracking.limits.maxStringLength;

  app.post(
    "/api/analytics/session/start",
    {
      config: { scope: "ingest" },
      validatorCompiler: eventBodyValidator(tracking),
      // The body is optional: an empty request starts an anonymous session.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        tags: ["sessions"],
        summary: "Start a user session",
        description:
          "Records the client's IP (the peer address, or the forwarded one behind a trusted proxy) and user agent unless the body gives them.",
        body: tracking.schemas.sessionStart,
        response: replies({ 201: SessionIdReply }),
      },
    },
    async (request, reply) => {
      const body = request.body;
      const userAgent = request.headers["user-agent"]?.slice(0, maxString) || null;
      const session_id = await sessions.start(
        { ...body, ip_address: body.ip_address ?? request.ip, user_agent: body.user_agent ?? userAgent },
        true,
      );
      return reply.code(201).send({ session_id });
    },
  );

  app.post(
    "/api/analytics/session/:session_id/end",
    {
      config: { scope: "ingest" },
      schema: {
        tags: ["sessions"],
        summary: "End a user session",
        params: SessionParams,
        response: replies({ 200: SessionEndedReply }),
      },
    },
    async (request) => {
      const outcome = await sessions.end(request.params.session_id);
      if (outcome === "not_found") throw new NotFoundError("Session not found");
      if (outcome === "already_ended") throw new ConflictError("Session already ended");
      return { status: "session_ended" as const };
    },
  );

  app.get(
    "/api/analytics/sessions",
    {
      config: { scope: "read" },
      schema: {
        tags: ["sessions"],
        summary: "List sessions, most recently active first",
        querystring: SessionsQuery,
        response: replies({ 200: SessionsReply }),
      },
    },
    async (request) => {
      const q = request.query;
      const now = Date.now();
      const limit = q.limit ?? 100;
      const after = decodeCursor(q.cursor);
      const activeSince = parseTime(q.since, "since") ?? now - DAY_MS;
      // Read-your-writes: a session event acknowledged before this request counts.
      const rows = await sessions.list(
        { userId: q.user_id, status: q.status, activeSince, now, timeoutMs, limit, after },
        { fresh: true },
      );
      return {
        sessions: rows.map((s) => deriveSession(s, now, timeoutMs)),
        next_cursor: nextCursor(rows, limit, (s) => ({ at: s.last_activity, id: s.session_id })),
      };
    },
  );

  app.get(
    "/api/analytics/sessions/:session_id",
    {
      config: { scope: "read" },
      schema: {
        tags: ["sessions"],
        summary: "One session",
        params: SessionParams,
        response: replies({ 200: SessionView }),
      },
    },
    async (request) => {
      // Read-your-writes: an event of the session acknowledged before this request counts.
      const s = await sessions.get(request.params.session_id, { fresh: true });
      if (!s) throw new NotFoundError("Session not found");
      return s;
    },
  );
}
