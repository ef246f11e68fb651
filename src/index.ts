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
export type { PublicKey } from "./model/api-key.js";
export type { BatchResult } from "./model/batch-result.js";
export type { PublicEvent } from "./model/event.js";
export { EVENT_TYPES, type EventType } from "./model/event-types.js";
export type { Scope } from "./model/scopes.js";
export type { SessionView } from "./model/session.js";
export type { SessionStatus } from "./model/session-status.js";
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
