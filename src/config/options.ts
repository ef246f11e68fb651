import { type TSchema, Type } from "@sinclair/typebox";
import { LOG_LEVELS } from "../log/logger.js";
import { EVENT_TYPES } from "../model/event-types.js";
import { DEFAULT_LIMITS } from "../model/limits.js";

/**
 * Every setting, in one table: its schema (validated on load), default, environment variable and
 * command-line flag. docs/configuration.md documents the same table (a test keeps them in step).
 */
export const OPTIONS = {
  port: { schema: Type.Integer({ minimum: 0, maximum: 65535 }), default: 5000, env: "ANALYTICS_PORT", flag: "port" },
  host: { schema: Type.String({ minLength: 1 }), default: "127.0.0.1", env: "ANALYTICS_HOST", flag: "host" },
  dataDirectory: {
    schema: Type.String({ minLength: 1 }),
    default: "./data/analytics",
    env: "ANALYTICS_DATA_DIR",
    flag: "data-dir",
  },
  storeUrl: { schema: Type.String(), default: "", env: "ANALYTICS_STORE_URL", flag: "store" },
  adminKey: { schema: Type.String({ minLength: 16 }), default: undefined, env: "ANALYTICS_ADMIN_KEY", flag: undefined },
  trustProxy: { schema: Type.String(), default: "", env: "ANALYTICS_TRUST_PROXY", flag: "trust-proxy" },
  nodeName: {
    schema: Type.String({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9._:-]+$" }),
    default: undefined,
    env: "ANALYTICS_NODE",
    flag: "node",
  },
  sessionTimeoutMinutes: {
    schema: Type.Number({ exclusiveMinimum: 0 }),
    default: 30,
    env: "ANALYTICS_SESSION_TIMEOUT_MINUTES",
    flag: undefined,
  },
  retentionDays: {
    schema: Type.Integer({ minimum: 1 }),
    default: 365,
    env: "ANALYTICS_RETENTION_DAYS",
    flag: undefined,
  },
  dedupeWindowHours: {
    schema: Type.Number({ exclusiveMinimum: 0 }),
    default: 24,
    env: "ANALYTICS_DEDUPE_WINDOW_HOURS",
    flag: undefined,
  },
  batchSize: {
    schema: Type.Integer({ minimum: 1, maximum: 100_000 }),
    default: 10_000,
    env: "ANALYTICS_BATCH_SIZE",
    flag: undefined,
  },
  processingInterval: {
    schema: Type.Number({ minimum: 1 }),
    default: 60,
    env: "ANALYTICS_PROCESSING_INTERVAL",
    flag: undefined,
  },
  logSegmentBytes: {
    schema: Type.Integer({ minimum: 4096 }),
    default: 64 * 1024 * 1024,
    env: "ANALYTICS_LOG_SEGMENT_BYTES",
    flag: undefined,
  },
  logLevel: {
    schema: Type.Union(LOG_LEVELS.map((l) => Type.Literal(l))),
    default: "info",
    env: "ANALYTICS_LOG_LEVEL",
    flag: "log-level",
  },
  slowQueryMs: {
    schema: Type.Number({ minimum: 0 }),
    default: 500,
    env: "ANALYTICS_SLOW_QUERY_MS",
    flag: undefined,
  },
  duckdbMemoryLimitMb: {
    schema: Type.Integer({ minimum: 0 }),
    default: 0,
    env: "ANALYTICS_DUCKDB_MEMORY_LIMIT_MB",
    flag: undefined,
  },
  maxBacklogBytes: {
    schema: Type.Integer({ minimum: 4096 }),
    default: 2 * 1024 * 1024 * 1024,
    env: "ANALYTICS_MAX_BACKLOG_BYTES",
    flag: undefined,
  },
  bodyLimitBytes: {
    schema: Type.Integer({ minimum: 1024 }),
    default: DEFAULT_LIMITS.bodyLimitBytes,
    env: "ANALYTICS_BODY_LIMIT_BYTES",
    flag: undefined,
  },
  maxBatchEvents: {
    schema: Type.Integer({ minimum: 1 }),
    default: DEFAULT_LIMITS.maxBatchEvents,
    env: "ANALYTICS_MAX_BATCH_EVENTS",
    flag: undefined,
  },
  maxStringLength: {
    schema: Type.Integer({ minimum: 16 }),
    default: DEFAULT_LIMITS.maxStringLength,
    env: "ANALYTICS_MAX_STRING_LENGTH",
    flag: undefined,
  },
  maxTextLength: {
    schema: Type.Integer({ minimum: 16 }),
    default: DEFAULT_LIMITS.maxTextLength,
    env: "ANALYTICS_MAX_TEXT_LENGTH",
    flag: undefined,
  },
  maxDepth: {
    schema: Type.Integer({ minimum: 1 }),
    default: DEFAULT_LIMITS.maxDepth,
    env: "ANALYTICS_MAX_DEPTH",
    flag: undefined,
  },
  maxKeys: {
    schema: Type.Integer({ minimum: 1 }),
    default: DEFAULT_LIMITS.maxKeys,
    env: "ANALYTICS_MAX_KEYS",
    flag: undefined,
  },
  anomalyThreshold: {
    schema: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
    default: 2.0,
    env: "ANALYTICS_ANOMALY_THRESHOLD",
    flag: undefined,
  },
  anomalyBaselineHours: {
    schema: Type.Integer({ minimum: 10, maximum: 24 * 90 }),
    default: 168,
    env: "ANALYTICS_ANOMALY_BASELINE_HOURS",
    flag: undefined,
  },
  monthlyBudget: {
    schema: Type.Number({ exclusiveMinimum: 0 }),
    default: undefined,
    env: "ANALYTICS_MONTHLY_BUDGET",
    flag: undefined,
  },
  retentionByType: {
    schema: Type.Object(Object.fromEntries(EVENT_TYPES.map((t) => [t, Type.Optional(Type.Integer({ minimum: 1 }))])), {
      additionalProperties: false,
    }),
    default: {},
    env: "ANALYTICS_RETENTION_BY_TYPE",
    flag: undefined,
  },
  ipAnonymisation: {
    schema: Type.Union([Type.Literal("off"), Type.Literal("truncate"), Type.Literal("hash")]),
    default: "off",
    env: "ANALYTICS_IP_ANONYMISATION",
    flag: undefined,
  },
  ipHashKey: {
    schema: Type.String({ minLength: 16 }),
    default: undefined,
    env: "ANALYTICS_IP_HASH_KEY",
    flag: undefined,
  },
  backupDirectory: {
    schema: Type.String({ minLength: 1 }),
    default: undefined,
    env: "ANALYTICS_BACKUP_DIR",
    flag: "backup-dir",
  },
  backupIntervalHours: {
    schema: Type.Number({ minimum: 0 }),
    default: 0,
    env: "ANALYTICS_BACKUP_INTERVAL_HOURS",
    flag: undefined,
  },
  backupKeep: { schema: Type.Integer({ minimum: 1 }), default: 7, env: "ANALYTICS_BACKUP_KEEP", flag: undefined },
  liveMetricsSource: {
    schema: Type.Union([Type.Literal("auto"), Type.Literal("memory"), Type.Literal("store")]),
    default: "auto",
    env: "ANALYTICS_LIVE_METRICS_SOURCE",
    flag: undefined,
  },
  liveStreamClients: {
    schema: Type.Integer({ minimum: 1 }),
    default: 100,
    env: "ANALYTICS_LIVE_STREAM_CLIENTS",
    flag: undefined,
  },
  alertIntervalSeconds: {
    schema: Type.Number({ minimum: 1, maximum: 3600 }),
    default: 60,
    env: "ANALYTICS_ALERT_INTERVAL_SECONDS",
    flag: undefined,
  },
  alertCooldownMinutes: {
    schema: Type.Integer({ minimum: 0, maximum: 7 * 24 * 60 }),
    default: 15,
    env: "ANALYTICS_ALERT_COOLDOWN_MINUTES",
    flag: undefined,
  },
  alertWebhookAttempts: {
    schema: Type.Integer({ minimum: 1, maximum: 10 }),
    default: 5,
    env: "ANALYTICS_ALERT_WEBHOOK_ATTEMPTS",
    flag: undefined,
  },
  webhookTimeoutSeconds: {
    schema: Type.Number({ exclusiveMinimum: 0, maximum: 120 }),
    default: 10,
    env: "ANALYTICS_WEBHOOK_TIMEOUT_SECONDS",
    flag: undefined,
  },
  rateLimitPerMinute: {
    schema: Type.Integer({ minimum: 0 }),
    default: 60_000,
    env: "ANALYTICS_RATE_LIMIT_PER_MINUTE",
    flag: undefined,
  },
  authFailureLimitPerMinute: {
    schema: Type.Integer({ minimum: 0 }),
    default: 30,
    env: "ANALYTICS_AUTH_FAILURE_LIMIT_PER_MINUTE",
    flag: undefined,
  },
  summaryCacheSeconds: {
    schema: Type.Number({ minimum: 0, maximum: 3600 }),
    default: 10,
    env: "ANALYTICS_SUMMARY_CACHE_SECONDS",
    flag: undefined,
  },
  smtpHost: { schema: Type.String({ minLength: 1 }), default: undefined, env: "ANALYTICS_SMTP_HOST", flag: undefined },
  smtpPort: {
    schema: Type.Integer({ minimum: 1, maximum: 65535 }),
    default: 587,
    env: "ANALYTICS_SMTP_PORT",
    flag: undefined,
  },
  smtpSecure: { schema: Type.Boolean(), default: false, env: "ANALYTICS_SMTP_SECURE", flag: undefined },
  smtpUser: { schema: Type.String({ minLength: 1 }), default: undefined, env: "ANALYTICS_SMTP_USER", flag: undefined },
  smtpPassword: { schema: Type.String(), default: undefined, env: "ANALYTICS_SMTP_PASSWORD", flag: undefined },
  smtpFrom: {
    schema: Type.String({ minLength: 3, maxLength: 254 }),
    default: "dte@localhost",
    env: "ANALYTICS_SMTP_FROM",
    flag: undefined,
  },
  reportDeliveryAttempts: {
    schema: Type.Integer({ minimum: 1, maximum: 10 }),
    default: 5,
    env: "ANALYTICS_REPORT_DELIVERY_ATTEMPTS",
    flag: undefined,
  },
  dashboardRefreshRate: {
    schema: Type.Integer({ minimum: 1, maximum: 3600 }),
    default: 30,
    env: "ANALYTICS_DASHBOARD_REFRESH_RATE",
    flag: undefined,
  },
} satisfies Record<string, { schema: TSchema; default: unknown; env: string; flag: string | undefined }>;

export type OptionName = keyof typeof OPTIONS;

/** Keys of the first version that this version does not act on yet: rejected, never silently ignored. */
export const UNSUPPORTED: Record<string, string> = {};
