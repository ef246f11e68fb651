import { join } from "node:path";
import type { Static, TObject, TSchema } from "@sinclair/typebox";
import { Alerts } from "./alerts/alerts.js";
import type { DryRun } from "./alerts/dry-run.js";
import { type AlertPage, AlertsQuery } from "./alerts/history.js";
import { type AlertRule, AlertRuleInput } from "./alerts/rule.js";
import { AuditLog } from "./audit/audit-log.js";
import { type Actor, audited, LIBRARY } from "./audit/audited.js";
import { DeniedAttempts } from "./audit/denied-attempts.js";
import { KeyRing, resolveAdminKey } from "./auth/keys.js";
import { type BackupInfo, Backups } from "./backup/backups.js";
import { BackupSchedule } from "./backup/schedule.js";
import { type Config, loadConfig } from "./config/config.js";
import {
  type DashboardDataReply,
  type DashboardDefinition,
  DashboardInput,
  DashboardQuery,
  type DashboardsReply,
} from "./dashboards/api-schemas.js";
import { Dashboards } from "./dashboards/dashboards.js";
import { ValidationError } from "./errors.js";
import { EventsExplorer } from "./explore/events.js";
import { ExportQuery, type ExportType } from "./exports/api-schemas.js";
import { Exports, type OpenedExport } from "./exports/exports.js";
import { type Health, HealthMonitor } from "./ingest/health.js";
import { healthSources } from "./ingest/health-sources.js";
import { ipAnonymiser } from "./ingest/ip-anonymiser.js";
import { resolveNodeId } from "./ingest/node-id.js";
import { Pipeline } from "./ingest/pipeline.js";
import {
  type RetentionByType,
  RetentionJob,
  type RetentionResult,
  recordRetentionSettings,
} from "./ingest/retention.js";
import { Sessions } from "./ingest/sessions.js";
import { ForecastQuery } from "./insights/api-schemas.js";
import { AiUsage, AiUsageQuery, type AiUsageReport } from "./insights/cost.js";
import { FORECAST_DEFAULT_HOURS, type Forecast } from "./insights/forecast.js";
import { type AnomalyReport, Insights } from "./insights/insights.js";
import { KpiQuery, type KpiReport, Kpis } from "./insights/kpis.js";
import { PriceBook } from "./insights/pricing.js";
import { type AnalyticsSummary, Summary } from "./insights/summary.js";
import { LiveMetrics } from "./live/live-metrics.js";
import { liveSourceOf, RealTimeAnalytics, type RealTimeSnapshot } from "./live/real-time.js";
import { type Logger, silentLogger } from "./log/logger.js";
import type { BatchResult } from "./model/batch-result.js";
import { type CamelCased, toCamelField, toSnakeBody, withCamelFields } from "./model/case.js";
import type { EventType } from "./model/event-types.js";
import { PeriodQuery, resolvePeriod } from "./model/period.js";
import type { EnvelopeProperties, EventSchemas, TrackSchema } from "./model/schemas.js";
import type { SessionView } from "./model/session.js";
import { check } from "./model/validate.js";
import { type ReportType, reportType } from "./reports/produce.js";
import { type Report, Reports } from "./reports/reports.js";
import { ReportSchedules } from "./schedules/schedules.js";
import { openStore } from "./store/open-store.js";
import type { Store } from "./store/port.js";
import { makePrivateDirectory, makePrivateTree } from "./util/private-files.js";

/**
 * A library call's fields: the event schema's (src/model/schemas.ts), camelCase, with `timestamp`
 * also taking a Date. Derived, so the library's types cannot drift from what is validated.
 */
type LibraryFields<S extends TSchema> = CamelCased<WithDate<Static<S>>>;
type WithDate<T> = { [K in keyof T]: K extends "timestamp" ? T[K] | Date : T[K] };

/** How long erasure and backup wait for the acknowledged backlog to load before answering 503. */
const DRAIN_BEFORE_MS = 30_000;

/**
 * Fields every library tracking call may carry: `eventId` (idempotency key: a retry with the same
 * id is stored once), `timestamp` (Date, epoch ms or ISO 8601; defaults to now), `userId`, `sessionId`.
 */
export type Envelope = LibraryFields<TObject<EnvelopeProperties>>;
export type UserAction = LibraryFields<TrackSchema<"user_action">>;
export type ApiRequest = LibraryFields<TrackSchema<"api_request">>;
export type CognitiveProcess = LibraryFields<TrackSchema<"cognitive_process">>;
/** `networkIo` takes any counters by name (bytesIn, bytesOut, …); keys become snake_case like the other fields. */
export type SystemMetrics = LibraryFields<TrackSchema<"system_metric">>;
export type ErrorEvent = LibraryFields<TrackSchema<"error">>;
export type PerformanceTiming = LibraryFields<TrackSchema<"performance">>;
export type SessionStart = LibraryFields<EventSchemas["sessionStart"]>;
/**
 * One event of a batch: its `eventType` and that type's fields (as in the track calls above). Typed
 * loosely on purpose: each item is judged at run time and a bad one reported by index, not thrown,
 * so batches built from data need not be narrowed to one type first.
 */
export type BatchEvent = { eventType: EventType } & Record<string, unknown>;
export type ForecastOptions = Static<typeof ForecastQuery>;

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
    events: EventsExplorer;
    prices: PriceBook;
    aiUsage: AiUsage;
    kpis: Kpis;
    insights: Insights;
    summary: Summary;
    audit: AuditLog;
    deniedAttempts: DeniedAttempts;
    backups: Backups;
    backupSchedule: BackupSchedule;
    realTime: RealTimeAnalytics;
    alerts: Alerts;
    dashboards: Dashboards;
    exports: Exports;
    reports: Reports;
    reportSchedules: ReportSchedules;
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
        memoryLimitMb: this.config.duckdbMemoryLimitMb,
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
        const alerts = new Alerts(store, audit, this.config, { node: this.node, logger: this.logger });
        alerts.start();
        const sources = healthSources(pipeline, store, this.config, alerts);
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
        const events = new EventsExplorer(store, pipeline);
        const prices = new PriceBook(store);
        const aiUsage = new AiUsage(store, prices, this.config.monthlyBudget);
        const insights = new Insights(store, this.config);
        const kpis = new Kpis(store);
        const dashboards = new Dashboards(store, kpis, prices, audit, this.config, this.logger);
        const summary = new Summary({
          runner: store,
          insights,
          kpis,
          pipeline,
          engine: store.engine,
          node: this.node,
          currentMetrics: () => realTime.currentMetrics(),
          logger: this.logger,
          settings: this.config,
        });
        this.state = {
          store,
          pipeline,
          sessions,
          keys,
          retention,
          health,
          events,
          prices,
          aiUsage,
          kpis,
          insights,
          summary,
          audit,
          deniedAttempts,
          backups,
          backupSchedule,
          realTime,
          alerts,
          dashboards,
          exports: new Exports({
            runner: store,
            pipeline,
            kpis,
            insights,
            // The report service is made just below; exports reach it through this service.
            reports: { tables: (type, period) => this.reports.tables(type, period) },
            audit,
            sessionTimeoutMs: this.config.sessionTimeoutMinutes * 60_000,
            logger: this.logger,
          }),
          reports: new Reports({ runner: store, kpis, aiUsage, insights, now: Date.now }),
          // Reads this.reports at each run: the reports are part of this same state.
          reportSchedules: new ReportSchedules(store, audit, (r) => this.reports.produce(r), this.config, {
            node: this.node,
            logger: this.logger,
          }),
        };
        this.state.reportSchedules.start();
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
    const { pipeline, store, retention, backupSchedule, deniedAttempts, alerts, reportSchedules } = this.state;
    this.state = null;
    this.starting = null;
    retention.stop();
    await alerts.stop();
    await reportSchedules.stop();
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
  /** The stored events, a page at a time. */
  get events(): EventsExplorer {
    return this.s.events;
  }
  /** The price table of AI models (admin routes change it). */
  get prices(): PriceBook {
    return this.s.prices;
  }
  get aiUsage(): AiUsage {
    return this.s.aiUsage;
  }
  get kpis(): Kpis {
    return this.s.kpis;
  }
  get insights(): Insights {
    return this.s.insights;
  }
  get summary(): Summary {
    return this.s.summary;
  }
  /** The audit trail: every key change, retention run, deletion, erasure, backup and failed admin attempt. */
  get audit(): AuditLog {
    return this.s.audit;
  }
  get deniedAttempts(): DeniedAttempts {
    return this.s.deniedAttempts;
  }
  get dashboards(): Dashboards {
    return this.s.dashboards;
  }
  get backups(): Backups {
    return this.s.backups;
  }
  get backupSchedule(): BackupSchedule {
    return this.s.backupSchedule;
  }
  /** Alert rules, their evaluation (once per cluster), notifications and history. */
  get alerts(): Alerts {
    return this.s.alerts;
  }

  /** The executive, technical and user-behaviour reports, as objects or rendered (json, html, md, csv). */
  get reports(): Reports {
    return this.s.reports;
  }

  /** Report schedules, their runs once per cluster, delivery (e-mail, webhook, directory) and the delivery log. */
  get reportSchedules(): ReportSchedules {
    return this.s.reportSchedules;
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

  /** The session with every event acknowledged before this call (read-your-writes). */
  getSession(sessionId: string): Promise<SessionView | null> {
    return this.s.sessions.get(sessionId, { fresh: true });
  }

  /**
   * AI usage and cost over a period (default the last 24 hours) grouped by model, membrane_type,
   * user_id or day: runs, success rate, tokens, latency p50/p95, cost priced at query time with its
   * coverage; with `compare: "previous"` the cost change split into its parts; the monthly budget.
   */
  async getModelUsage(query: Partial<AiUsageQuery> = {}): Promise<AiUsageReport> {
    const q = checked<AiUsageQuery>(AiUsageQuery, query);
    return this.s.aiUsage.report(resolvePeriod(q, Date.now()), q.by);
  }

  /** The KPIs over a period with each component's value, target, score and weight. */
  async getKpis(query: Partial<KpiQuery> = {}): Promise<KpiReport> {
    const q = checked<KpiQuery>(KpiQuery, query);
    return this.s.kpis.report(resolvePeriod(q, Date.now()), q);
  }
  /**
   * A metric's forecast (`horizon` 1h–48h or 1d–7d) with its 95 % band, learned from the period
   * (`hours`, default the last 14 days, or `from`/`to`; `tz` for daily buckets).
   */
  async getForecast(query: ForecastOptions): Promise<Forecast> {
    const q = checked<ForecastOptions>(ForecastQuery, query);
    return this.s.insights.forecast(q.metric, q.horizon, resolvePeriod(q, Date.now(), FORECAST_DEFAULT_HOURS));
  }

  /** Anomalies of every metric series over the period (default the last 24 hours); `compare: "previous"` adds the period before. */
  async getAnomalies(query: PeriodQuery = {}): Promise<AnomalyReport> {
    return this.s.insights.anomalies(resolvePeriod(checked<PeriodQuery>(PeriodQuery, query), Date.now()));
  }

  /**
   * Live metrics: the 1, 5, 15 and 60-minute windows, the first version's `current_metrics` and
   * `warehouse_stats` (see docs/api.md, GET /real-time).
   */
  getRealTimeAnalytics(): Promise<RealTimeSnapshot> {
    return this.s.realTime.snapshot();
  }

  /** The alert history: alerts firing at some moment of the period (default the last 24 hours), firing first. */
  async getAlerts(query: Partial<AlertsQuery> = {}): Promise<AlertPage> {
    return this.s.alerts.history(checked<AlertsQuery>(AlertsQuery, query));
  }

  getAlertRules(): Promise<AlertRule[]> {
    return this.s.alerts.rules.list();
  }

  getAlertRule(id: string): Promise<AlertRule> {
    return this.s.alerts.rules.get(id);
  }

  /** A new alert rule (audited as `alerts.rule.create`); a 400-style ValidationError names each bad field. */
  async createAlertRule(input: AlertRuleInput, by: Actor = LIBRARY): Promise<AlertRule> {
    return this.s.alerts.rules.create(checked<AlertRuleInput>(AlertRuleInput, input), by);
  }

  async updateAlertRule(id: string, input: AlertRuleInput, by: Actor = LIBRARY): Promise<AlertRule> {
    return this.s.alerts.rules.update(id, checked<AlertRuleInput>(AlertRuleInput, input), by);
  }

  deleteAlertRule(id: string, by: Actor = LIBRARY): Promise<void> {
    return this.s.alerts.rules.remove(id, by);
  }

  /** How often a rule would have fired over the last 7 days, with the intervals; nothing is saved. */
  async testAlertRule(input: AlertRuleInput): Promise<DryRun> {
    return this.s.alerts.test(checked<AlertRuleInput>(AlertRuleInput, input));
  }

  /**
   * The first version's summary over a period (default the last 24 hours): service info, processing
   * figures, KPIs, current metrics, anomalies, forecasts, trends and store-wide figures; a part that
   * fails is null and named in `errors` (`partial: true`).
   */
  async getAnalyticsSummary(query: PeriodQuery = {}): Promise<AnalyticsSummary> {
    return this.s.summary.report(checked<PeriodQuery>(PeriodQuery, query));
  }

  /** The dashboards: the four built-ins (executive, technical, cognitive, user_behavior), then custom ones. */
  getDashboards(): Promise<DashboardsReply> {
    return this.s.dashboards.list();
  }

  /**
   * A dashboard's data over a period (`hours`, default 24, or `from`/`to`; `tz`; `compare`) with the
   * page filters (`event_type`, `user_id`, `endpoint`, `membrane_type`, `model`); an unknown id is a NotFoundError.
   */
  async getDashboardData(id: string, query: Partial<DashboardQuery> = {}): Promise<DashboardDataReply> {
    return this.s.dashboards.data(id, checked<DashboardQuery>(DashboardQuery, query));
  }

  /** A custom dashboard in the first version's format (audited as `dashboards.create`); a taken or built-in id is a ConflictError. */
  async createDashboard(input: DashboardInput, by: Actor = LIBRARY): Promise<DashboardDefinition> {
    return this.s.dashboards.create(checked<DashboardInput>(DashboardInput, input), by);
  }

  async updateDashboard(id: string, input: DashboardInput, by: Actor = LIBRARY): Promise<DashboardDefinition> {
    return this.s.dashboards.update(id, checked<DashboardInput>(DashboardInput, input), by);
  }

  deleteDashboard(id: string, by: Actor = LIBRARY): Promise<void> {
    return this.s.dashboards.remove(id, by);
  }

  /** Streamed exports of events, sessions, KPIs and metric series in every format. */
  get exports(): Exports {
    return this.s.exports;
  }

  /**
   * An export (`events`, `sessions`, `kpis`, `timeseries`) with the HTTP route's options
   * (docs/exports.md): its format, file name and body, streamed as it is read; audited as
   * `exports.<type>`. A bad option is a ValidationError naming the field.
   */
  async exportData(type: ExportType, query: ExportQuery = {}, by: Actor = LIBRARY): Promise<OpenedExport> {
    return this.s.exports.open(type, checked<ExportQuery>(ExportQuery, query), by);
  }

  /** A report's tables as an export's rows, with exportData's options (docs/exports.md, "Reports"). */
  async exportReport(type: ReportType, query: ExportQuery = {}, by: Actor = LIBRARY): Promise<OpenedExport> {
    return this.s.exports.openReport(reportType(type), checked<ExportQuery>(ExportQuery, query), by);
  }

  /**
   * A report over a period (default the last 24 hours): `executive_summary`, `technical_report` or
   * `user_behavior` (docs/reports.md); an unknown type is a 400-style ValidationError naming `type`.
   */
  async generateReport(type: ReportType | string, query: PeriodQuery = {}): Promise<Report> {
    return this.s.reports.generate(type, query);
  }

  /** The detailed health (components, figures); `health.public()` is the verdict alone. */
  getServiceHealth(): Promise<Health> {
    return this.s.health.details();
  }
}

/** A library call's options checked against the route's schema (defaults filled in); a 400 naming each bad field. */
function checked<T>(schema: TSchema, input: object): T {
  const q = { ...input };
  const errors = check(schema, q);
  if (errors.length) throw new ValidationError("Invalid query", errors);
  return q as T;
}
