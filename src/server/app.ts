import { maxHeaderSize } from "node:http";
import helmet from "@fastify/helmet";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { compileCoercing, strictAjv } from "../model/validate.js";
import type { AnalyticsService } from "../service.js";
import { requireScopes } from "./auth.js";
import { registerCors } from "./cors.js";
import { errorHandler } from "./error-handler.js";
import { installNotFound } from "./method-not-allowed.js";
import { registerRateLimits } from "./rate-limit.js";
import { RequestLog, requestSerializer } from "./request-log.js";
import { recordRoutes } from "./route-list.js";
import { registerAiUsageRoutes } from "./routes/ai-usage.js";
import { registerAlertRoutes } from "./routes/alerts.js";
import { registerAuditRoutes } from "./routes/audit.js";
import { registerDashboardRoutes } from "./routes/dashboards.js";
import { registerEventRoutes } from "./routes/events.js";
import { registerExportRoutes } from "./routes/exports.js";
import { registerHealthRoutes } from "./routes/health.js";
import { registerInsightRoutes } from "./routes/insights.js";
import { registerKeyRoutes } from "./routes/keys.js";
import { registerKpiRoutes } from "./routes/kpis.js";
import { registerMaintenanceRoutes } from "./routes/maintenance.js";
import { registerPriceRoutes } from "./routes/prices.js";
import { registerRealTimeRoutes } from "./routes/real-time.js";
import { registerReportScheduleRoutes } from "./routes/report-schedules.js";
import { registerReportRoutes } from "./routes/reports.js";
import { registerSessionRoutes } from "./routes/sessions.js";
import { registerSummaryRoutes } from "./routes/summary.js";
import { registerTrackRoutes } from "./routes/track.js";
import { registerUserRoutes } from "./routes/users.js";
import { registerWebRoutes } from "./routes/web.js";

/** Fastify's `trustProxy` from the setting: "" no proxy, "true" any, or comma-separated addresses/CIDRs. */
function trustProxyOf(value: string): boolean | string {
  if (value === "" || value === "false") return false;
  return value === "true" ? true : value;
}

/**
 * Security headers on every answer. The CSP allows only this origin (Swagger UI at /docs loads its
 * scripts from here; it sets inline styles); no framing; no HTTPS upgrade or HSTS, since the server
 * speaks plain HTTP and HSTS belongs to the TLS proxy in front of it.
 */
const HELMET = {
  contentSecurityPolicy: {
    directives: {
      "font-src": ["'self'", "data:"],
      "style-src": ["'self'", "'unsafe-inline'"],
      "frame-ancestors": ["'none'"],
      "upgrade-insecure-requests": null,
    },
  },
  frameguard: { action: "deny" as const },
  strictTransportSecurity: false,
};

/** The HTTP API over a started AnalyticsService; it logs through the service's logger. */
export async function buildApp(service: AnalyticsService): Promise<FastifyInstance> {
  const { config } = service;
  const app = Fastify({
    // Typed as Fastify's logger so the app keeps the default FastifyInstance type every route module takes.
    loggerInstance: service.logger.child({}, { serializers: { req: requestSerializer } }) as FastifyBaseLogger,
    logController: new RequestLog(),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: trustProxyOf(config.trustProxy),
    // No URL parameter may be refused for its length (Fastify's 414): the request line is bounded by Node's
    // header limit anyway, so an id over MAX_ID_LENGTH reaches its schema and gets a 400 naming it.
    routerOptions: { maxParamLength: maxHeaderSize },
  });
  // Event schemas are strict (no coercion: "100" is not a number); query strings arrive as text.
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === "body" ? strictAjv.compile(schema) : compileCoercing(schema),
  );
  app.setErrorHandler(errorHandler);
  recordRoutes(app);
  installNotFound(app);
  await app.register(helmet, HELMET);

  // JSON only: Fastify would otherwise take text/plain and answer 400 instead of 415.
  app.removeContentTypeParser("text/plain");
  // An empty body is "no body" (POST /session/start may have none); anything else must be JSON.
  const json = app.getDefaultJsonParser("error", "error");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    if (body === "") done(null, undefined);
    else json(request, body as string, done);
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: "Deep Tree Echo Analytics",
        version: "0.1.0",
        description:
          "Ingestion, sessions and events of AI applications. Authenticate with `Authorization: Bearer <key>`.",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });

  app.addHook(
    "onRequest",
    requireScopes(app, service.keys, await registerRateLimits(app, config), service.deniedAttempts),
  );
  registerCors(app, service.keys);
  registerTrackRoutes(app, service.pipeline);
  registerSessionRoutes(app, {
    tracking: service.pipeline,
    sessions: service.sessions,
    timeoutMs: config.sessionTimeoutMinutes * 60_000,
  });
  registerEventRoutes(app, service.events);
  registerHealthRoutes(app, service.health);
  registerKeyRoutes(app, service.keys, service.audit);
  registerPriceRoutes(app, service.prices);
  registerAiUsageRoutes(app, service.aiUsage);
  registerKpiRoutes(app, service.kpis);
  registerInsightRoutes(app, service.insights);
  registerSummaryRoutes(app, service.summary);
  registerAuditRoutes(app, service.audit);
  registerMaintenanceRoutes(app, service);
  registerUserRoutes(app, service);
  registerRealTimeRoutes(app, { realTime: service.realTime, maxStreamClients: config.liveStreamClients });
  registerAlertRoutes(app, service.alerts);
  registerDashboardRoutes(app, service.dashboards);
  await registerWebRoutes(app);
  registerExportRoutes(app, service.exports);
  registerReportRoutes(app, service.reports);
  registerReportScheduleRoutes(app, service.reportSchedules);
  return app;
}
