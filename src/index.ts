export type { Config } from "./config/config.js";
export { loadConfig } from "./config/config.js";
export {
  AppError,
  ConfigError,
  type FieldError,
  PayloadTooLargeError,
  StoreUnreachableError,
  UnavailableError,
  ValidationError,
} from "./errors.js";
export type { Health } from "./ingest/health.js";
export type { BatchResult } from "./ingest/pipeline.js";
export type { SessionView } from "./ingest/sessions.js";
export { EVENT_TYPES, type EventType } from "./model/event-types.js";
export { buildApp } from "./server/app.js";
export { type RunningServer, startServer } from "./server/start-server.js";
export type {
  ApiRequest,
  BatchEvent,
  CognitiveProcess,
  Envelope,
  ErrorEvent,
  PerformanceTiming,
  ServiceConfig,
  SessionStart,
  SystemMetrics,
  UserAction,
} from "./service.js";
export { AnalyticsService } from "./service.js";
