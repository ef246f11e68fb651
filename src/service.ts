import { KeyRing, resolveAdminKey } from "./auth/keys.js";
import { type Config, loadConfig } from "./config/config.js";
import { type Health, HealthMonitor } from "./ingest/health.js";
import { healthSources } from "./ingest/health-sources.js";
import { resolveNodeId } from "./ingest/node-id.js";
import { type BatchResult, Pipeline } from "./ingest/pipeline.js";
import { RetentionJob } from "./ingest/retention.js";
import { Sessions, type SessionView } from "./ingest/sessions.js";
import { LiveMetrics } from "./live/live-metrics.js";
import { liveSourceOf, RealTimeAnalytics, type RealTimeSnapshot } from "./live/real-time.js";
import { type Logger, silentLogger } from "./log/logger.js";
import { toCamelField, toSnakeBody, withCamelFields } from "./model/case.js";
import type { EventType } from "./model/event-types.js";
import { openStore } from "./store/open-store.js";
import type { Store } from "./store/port.js";
import { makePrivateDirectory, makePrivateTree } from "./util/private-files.js";

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
    realTime: RealTimeAnalytics;
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
        const pipeline = new Pipeline(this.config, store, this.node, this.logger);
        await pipeline.start();
        this.adminKey = await resolveAdminKey(this.config.dataDirectory, this.config.adminKey);
        const keys = new KeyRing(store, this.adminKey.key, { logger: this.logger });
        await keys.refresh();
        const sessions = new Sessions(pipeline, store, this.config.sessionTimeoutMinutes * 60_000);
        const retention = new RetentionJob(store, {
          node: this.node,
          retentionDays: this.config.retentionDays,
          intervalMs: this.config.processingInterval * 1000,
          logger: this.logger,
        });
        // Files an earlier version (or the store, following the umask) left readable by others.
        await makePrivateTree(this.config.dataDirectory);
        retention.start();
        const sources = healthSources(pipeline, store, this.config);
        const health = new HealthMonitor(sources);
        const live = new LiveMetrics();
        pipeline.onCommitted((records) => live.feed(records));
        const realTime = new RealTimeAnalytics({
          live,
          store,
          source: liveSourceOf(this.config.liveMetricsSource, store.engine),
          activeSessions: sources.activeSessions,
          stats: () => pipeline.status(),
          startedAt: pipeline.startedAt,
        });
        this.state = { store, pipeline, sessions, keys, retention, health, realTime };
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
    const { pipeline, store, retention } = this.state;
    this.state = null;
    this.starting = null;
    retention.stop();
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
  get realTime(): RealTimeAnalytics {
    return this.s.realTime;
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

  /**
   * Live metrics: the 1, 5, 15 and 60-minute windows, the first version's `current_metrics` and
   * `warehouse_stats` (see docs/api.md, GET /real-time).
   */
  getRealTimeAnalytics(): Promise<RealTimeSnapshot> {
    return this.s.realTime.snapshot();
  }

  /** The detailed health (components, figures); `health.public()` is the verdict alone. */
  getServiceHealth(): Promise<Health> {
    return this.s.health.details();
  }
}
