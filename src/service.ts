import { join } from "node:path";
import { AuditLog } from "./audit/audit-log.js";
import { type Actor, audited, LIBRARY } from "./audit/audited.js";
import { DeniedAttempts } from "./audit/denied-attempts.js";
import { KeyRing, resolveAdminKey } from "./auth/keys.js";
import { type BackupInfo, Backups } from "./backup/backups.js";
import { BackupSchedule } from "./backup/schedule.js";
import { type Config, loadConfig } from "./config/config.js";
import { type Health, HealthMonitor } from "./ingest/health.js";
import { healthSources } from "./ingest/health-sources.js";
import { ipAnonymiser } from "./ingest/ip-anonymiser.js";
import { resolveNodeId } from "./ingest/node-id.js";
import { type BatchResult, Pipeline } from "./ingest/pipeline.js";
import {
  type RetentionByType,
  RetentionJob,
  type RetentionResult,
  recordRetentionSettings,
} from "./ingest/retention.js";
import { Sessions, type SessionView } from "./ingest/sessions.js";
import { type Logger, silentLogger } from "./log/logger.js";
import { toCamelField, toSnakeBody, withCamelFields } from "./model/case.js";
import type { EventType } from "./model/event-types.js";
import { openStore } from "./store/open-store.js";
import type { Store } from "./store/port.js";
import { makePrivateDirectory, makePrivateTree } from "./util/private-files.js";

/** How long erasure and backup wait for the acknowledged backlog to load before answering 503. */
const DRAIN_BEFORE_MS = 30_000;

/** Fields every library tracking call may carry. */
export interface Envelope {
  /** Idempotency key: a retry with the same id is stored once. */
  eventId?: string;
  /** When it happened (Date, epoch ms or ISO 8601); defaults to now. */
  timestamp?: Date | number | string;
  userId?: string | null;
  sessionId?: string | null;
}

export interface UserAction extends Envelope {
  action: string;
  details?: Record<string, unknown> | null;
}
export interface ApiRequest extends Envelope {
  endpoint: string;
  method: string;
  statusCode: number;
  responseTime: number;
  ipAddress?: string | null;
  userAgent?: string | null;
}
export interface CognitiveProcess extends Envelope {
  membraneType: string;
  processingTime: number;
  inputTokens: number;
  outputTokens: number;
  success: boolean;
  errorMessage?: string | null;
  model?: string | null;
  cost?: number | null;
}
export interface SystemMetrics extends Envelope {
  cpuUsage: number;
  memoryUsage: number;
  diskUsage: number;
  /** Any counters by name (bytesIn, bytesOut, …); keys become snake_case like the other fields. */
  networkIo?: Record<string, number>;
  responseTime?: number;
  throughput?: number;
  errorRate?: number;
  activeSessions?: number;
  cacheHitRate?: number;
}
export interface ErrorEvent extends Envelope {
  errorType: string;
  errorMessage: string;
  stackTrace?: string | null;
  context?: Record<string, unknown> | null;
}
export interface PerformanceTiming extends Envelope {
  name: string;
  value: number;
  unit?: string;
}
export interface SessionStart {
  sessionId?: string;
  userId?: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
}
export type BatchEvent = { eventType: EventType } & Record<string, unknown>;

/** Settings of the library: the first version's keys in camelCase (snake_case accepted too). */
export type ServiceConfig = Partial<Config> & Record<string, unknown>;

/**
 * The library facade. In-process use needs no API key; each track call resolves with the event id
 * once the event is durable (fsynced), and `stop()` flushes everything into the store.
 */
export class AnalyticsService {
  readonly config: Config;
  private state: {
    store: Store;
    pipeline: Pipeline;
    sessions: Sessions;
    keys: KeyRing;
    retention: RetentionJob;
    health: HealthMonitor;
    audit: AuditLog;
    deniedAttempts: DeniedAttempts;
    backups: Backups;
    backupSchedule: BackupSchedule;
  } | null = null;
  /** This node's id: configured, or generated once and kept in the data directory. */
  node = "";
  private starting: Promise<void> | null = null;
  adminKey: { key: string; generated: boolean } | null = null;
  /** Where the server, the loader and retention write; silent unless given (`serve` gives one at the configured level). */
  readonly logger: Logger;

  constructor(config: ServiceConfig | Config = {}, options: { loaded?: boolean; logger?: Logger } = {}) {
    this.config = options.loaded ? (config as Config) : loadConfig({ overrides: config });
    this.logger = options.logger ?? silentLogger();
  }

  /** Opens the store and the durable log, and loads anything a previous run left in the log. */
  start(): Promise<void> {
    this.starting ??= (async () => {
      await makePrivateDirectory(this.config.dataDirectory);
      const store = await openStore(this.config.storeUrl, this.config.dataDirectory, {
        dedupeWindowMs: this.config.dedupeWindowHours * 3_600_000,
        slowQueryMs: this.config.slowQueryMs,
        logger: this.logger,
      });
      try {
        await store.migrate();
        this.node = await resolveNodeId(this.config.dataDirectory, this.config.nodeName);
        const audit = new AuditLog(store);
        const pipeline = new Pipeline(this.config, store, this.node, this.logger, await ipAnonymiser(this.config));
        await pipeline.start();
        this.adminKey = await resolveAdminKey(this.config.dataDirectory, this.config.adminKey);
        const keys = new KeyRing(store, this.adminKey.key, { logger: this.logger });
        await keys.refresh();
        const sessions = new Sessions(pipeline, store, this.config.sessionTimeoutMinutes * 60_000);
        const retention = new RetentionJob(store, {
          node: this.node,
          retentionDays: this.config.retentionDays,
          retentionByType: this.config.retentionByType,
          intervalMs: this.config.processingInterval * 1000,
          logger: this.logger,
          audit,
        });
        await recordRetentionSettings(audit, this.config);
        const backups = new Backups(store, this.backupDirectory());
        // A backup interrupted by a crash left only a `.partial-` directory: never a backup, removed here.
        await backups.removePartials();
        const backupSchedule = new BackupSchedule(backups, store, audit, {
          node: this.node,
          intervalHours: this.config.backupIntervalHours,
          keep: this.config.backupKeep,
          logger: this.logger,
        });
        // Files an earlier version (or the store, following the umask) left readable by others.
        await makePrivateTree(this.config.dataDirectory);
        retention.start();
        backupSchedule.start();
        const deniedAttempts = new DeniedAttempts(audit);
        deniedAttempts.start();
        const health = new HealthMonitor(healthSources(pipeline, store, this.config));
        this.state = {
          store,
          pipeline,
          sessions,
          keys,
          retention,
          health,
          audit,
          deniedAttempts,
          backups,
          backupSchedule,
        };
      } catch (err) {
        await store.close().catch(() => undefined);
        this.starting = null;
        throw err;
      }
    })();
    return this.starting;
  }

  /** Stores everything acknowledged, then closes the log and the store. */
  async stop(): Promise<void> {
    if (!this.state) return;
    const { pipeline, store, retention, backupSchedule, deniedAttempts } = this.state;
    this.state = null;
    this.starting = null;
    retention.stop();
    backupSchedule.stop();
    await deniedAttempts.stop().catch((err: unknown) => this.logger.error({ err }, "audit of denied attempts failed"));
    await pipeline.stop();
    await store.close();
  }

  private get s() {
    if (!this.state) throw new Error("AnalyticsService is not started: call start() first");
    return this.state;
  }

  get pipeline(): Pipeline {
    return this.s.pipeline;
  }
  get sessions(): Sessions {
    return this.s.sessions;
  }
  get store(): Store {
    return this.s.store;
  }
  get keys(): KeyRing {
    return this.s.keys;
  }
  get health(): HealthMonitor {
    return this.s.health;
  }
  /** The audit trail: every key change, retention run, deletion, erasure, backup and failed admin attempt. */
  get audit(): AuditLog {
    return this.s.audit;
  }
  get deniedAttempts(): DeniedAttempts {
    return this.s.deniedAttempts;
  }
  get backups(): Backups {
    return this.s.backups;
  }
  get backupSchedule(): BackupSchedule {
    return this.s.backupSchedule;
  }

  /** Where backups go: the `backupDirectory` setting, else `<data directory>/backups`. */
  backupDirectory(): string {
    return this.config.backupDirectory ?? join(this.config.dataDirectory, "backups");
  }

  /**
   * Runs retention now (the settings, or this run's `override` days), recorded in the audit trail as
   * `retention.cleanup`; answers what was deleted per event type.
   */
  cleanup(
    override: { retentionDays?: number; retentionByType?: RetentionByType } = {},
    by: Actor = LIBRARY,
  ): Promise<RetentionResult> {
    const { retention, audit } = this.s;
    const days = retention.daysByType(override);
    return audited(
      audit,
      { ...by, action: "retention.cleanup", details: { days, override } },
      () => retention.purge(days),
      (r) => ({ deleted: r.deleted }),
    );
  }

  /**
   * A backup of every table now, while ingestion goes on (audited as `backup.create`). Everything
   * acknowledged before the call is loaded first, so the backup holds it.
   */
  backup(by: Actor = LIBRARY): Promise<BackupInfo> {
    const { pipeline, backups } = this.s;
    return audited(
      this.s.audit,
      { ...by, action: "backup.create" },
      async () => {
        await pipeline.drain(DRAIN_BEFORE_MS);
        return backups.create();
      },
      (b) => ({ name: b.name, rows: Object.fromEntries(b.tables.map((t) => [t.table, t.rows])) }),
    );
  }

  /**
   * Erases one user's events and the events of their sessions; answers how many. Everything
   * acknowledged before the call is loaded first (drain), so none of it reappears after the delete.
   */
  eraseUser(userId: string, by: Actor = LIBRARY): Promise<number> {
    const { pipeline, store, audit } = this.s;
    return audited(
      audit,
      { ...by, action: "users.erase", target: userId },
      async () => {
        await pipeline.drain(DRAIN_BEFORE_MS);
        return store.eraseUser(userId);
      },
      (erased) => ({ erased_events: erased }),
    );
  }

  private track(type: EventType, input: object): Promise<string> {
    return withCamelFields(this.s.pipeline.acceptOne(type, toSnakeBody(input)));
  }

  trackUserAction(e: UserAction): Promise<string> {
    return this.track("user_action", e);
  }
  trackApiRequest(e: ApiRequest): Promise<string> {
    return this.track("api_request", e);
  }
  trackCognitiveProcess(e: CognitiveProcess): Promise<string> {
    return this.track("cognitive_process", e);
  }
  trackSystemMetrics(e: SystemMetrics): Promise<string> {
    return this.track("system_metric", e);
  }
  trackError(e: ErrorEvent): Promise<string> {
    return this.track("error", e);
  }
  trackPerformance(e: PerformanceTiming): Promise<string> {
    return this.track("performance", e);
  }

  /** Good events are stored, bad ones reported by index with their camelCase fields. */
  async trackBatch(events: BatchEvent[]): Promise<BatchResult> {
    const r = await this.s.pipeline.acceptBatch(events.map((e) => toSnakeBody(e)));
    return {
      accepted: r.accepted,
      rejected: r.rejected.map((x) => ({
        ...x,
        errors: x.errors.map((e) => ({ ...e, field: toCamelField(e.field) })),
      })),
    };
  }

  startUserSession(e: SessionStart = {}): Promise<string> {
    return withCamelFields(this.s.sessions.start(toSnakeBody(e)));
  }

  /** True when this call ended the session; false when it is unknown or already ended. */
  async endUserSession(sessionId: string): Promise<boolean> {
    return (await this.s.sessions.end(sessionId)) === "ended";
  }

  getSession(sessionId: string): Promise<SessionView | null> {
    return this.s.sessions.get(sessionId);
  }

  /** The detailed health (components, figures); `health.public()` is the verdict alone. */
  getServiceHealth(): Promise<Health> {
    return this.s.health.details();
  }
}
