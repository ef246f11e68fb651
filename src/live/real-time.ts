import type { QueryRunner } from "../store/port/query-runner.js";
import { runOne } from "../store/port/query-runner.js";
import { eventSummary } from "../store/queries/event-summary.js";
import { Cached } from "../util/cached.js";
import type { WindowFigures } from "./figures.js";
import type { LiveMetrics, LiveWindows } from "./live-metrics.js";
import { storeWindows } from "./store-windows.js";

/** Where the windows' figures come from: this node's memory, or the store every node shares. */
export type LiveSource = "memory" | "store";

/** The setting `liveMetricsSource`: "auto" takes memory on DuckDB (one node), the store on ClickHouse. */
export function liveSourceOf(setting: string, engine: string): LiveSource {
  if (setting === "memory" || setting === "store") return setting;
  return engine === "clickhouse" ? "store" : "memory";
}

export interface RealTimeDeps {
  live: LiveMetrics;
  store: QueryRunner;
  source: LiveSource;
  activeSessions(): Promise<number>;
  /** This node's ingestion counters. */
  stats(): { accepted: number; rejected: number };
  startedAt: number;
  now?: () => number;
}

/** The first version's `current_metrics`, from the 60-minute window; a figure without data is null. */
function firstVersionMetrics(w: WindowFigures) {
  const membranes = Object.fromEntries(w.by_membrane_type.map((g) => [`membrane_${g.membrane_type}_usage`, g.share]));
  return {
    active_users: w.active_users,
    user_activity_rate: w.active_users > 0 ? w.events / w.active_users : null,
    event_rate_per_minute: w.events_per_minute,
    error_rate_percentage: w.errors.error_event_rate ?? 0,
    avg_response_time: w.response_time.avg,
    p95_response_time: w.response_time.p95,
    avg_cognitive_processing_time: w.cognitive.processing_time.avg,
    cognitive_success_rate: w.cognitive.success_rate,
    ...membranes,
  };
}

/**
 * GET /real-time and the stream: the live windows, the first version's current metrics and the
 * warehouse's counts. Store reads are cached for one second, so any number of readers cost the store
 * at most one round of queries per second per node.
 */
export class RealTimeAnalytics {
  private readonly now: () => number;
  private readonly windows: Cached<LiveWindows>;
  private readonly warehouse: Cached<{
    total_events: number;
    active_sessions: number;
    system_metrics_count: number;
    cognitive_metrics_count: number;
  }>;

  constructor(private readonly deps: RealTimeDeps) {
    this.now = deps.now ?? Date.now;
    this.windows = new Cached(1000, () => storeWindows(deps.store, this.now()), this.now);
    this.warehouse = new Cached(
      1000,
      async () => {
        const [all, active] = await Promise.all([
          runOne(deps.store, eventSummary({ from: 0, to: Number.MAX_SAFE_INTEGER })),
          deps.activeSessions(),
        ]);
        return {
          total_events: all?.events ?? 0,
          active_sessions: active,
          system_metrics_count: all?.by_type.system_metric ?? 0,
          cognitive_metrics_count: all?.by_type.cognitive_process ?? 0,
        };
      },
      this.now,
    );
  }

  get source(): LiveSource {
    return this.deps.source;
  }

  /** The windows alone: under a millisecond from memory; from the store at most one query round a second. */
  liveWindows(): Promise<LiveWindows> {
    return this.deps.source === "memory" ? Promise.resolve(this.deps.live.snapshot()) : this.windows.get();
  }

  /** The first version's current metrics (the 60-minute window) with where they came from: the summary's. */
  async currentMetrics(): Promise<CurrentMetrics> {
    const windows = await this.liveWindows();
    return { source: this.deps.source, window_minutes: 60, ...firstVersionMetrics(windows["60m"]) };
  }

  async snapshot() {
    const [windows, warehouse] = await Promise.all([this.liveWindows(), this.warehouse.get()]);
    const s = this.deps.stats();
    return {
      timestamp: new Date(this.now()).toISOString(),
      source: this.deps.source,
      current_metrics: firstVersionMetrics(windows["60m"]),
      warehouse_stats: warehouse,
      service_stats: {
        start_time: new Date(this.deps.startedAt).toISOString(),
        events_processed: s.accepted,
        events_rejected: s.rejected,
        real_time_analytics_calculated: this.deps.live.fed,
      },
      windows,
    };
  }
}

export type RealTimeSnapshot = Awaited<ReturnType<RealTimeAnalytics["snapshot"]>>;

export type CurrentMetrics = { source: LiveSource; window_minutes: number } & ReturnType<typeof firstVersionMetrics>;
