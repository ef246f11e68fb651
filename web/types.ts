// The answers the page reads: the server's own TypeBox schemas (types only: nothing of the server is bundled),
// and the few figures of the live stream the page shows.
import type { Static } from "@sinclair/typebox";
import type { AlertPageReply } from "../src/alerts/api-schemas.js";
import type {
  BreakdownData as BreakdownSchema,
  CorrelationData as CorrelationSchema,
  DashboardDataReply,
  DashboardsReply,
  DashboardDefinition as DefinitionSchema,
  HeatmapData as HeatmapSchema,
  DashboardInput as InputSchema,
  KpisData as KpisSchema,
  NumberData as NumberSchema,
  SeriesData as SeriesSchema,
  WidgetData as WidgetDataSchema,
  WidgetDef as WidgetDefSchema,
} from "../src/dashboards/api-schemas.js";
import type { EventsReply } from "../src/server/api-schemas.js";

export type { Breakdown } from "../src/dashboards/api-schemas.js";
export type WidgetDef = WidgetDefSchema;
export type SeriesData = SeriesSchema;
export type BreakdownData = BreakdownSchema;
export type NumberData = NumberSchema;
export type HeatmapData = HeatmapSchema;
export type KpisData = KpisSchema;
export type CorrelationData = CorrelationSchema;
export type WidgetData = WidgetDataSchema;
export type Kpi = KpisData["user_engagement"];
export type Better = NumberData["better"];
export type DashboardAnswer = DashboardDataReply;
export type DashboardListItem = Static<typeof DashboardsReply>["dashboards"][number];
export type DashboardDefinition = DefinitionSchema;
export type DashboardInput = InputSchema;
export type EventsPage = Static<typeof EventsReply>;
export type StoredEvent = EventsPage["events"][number];
export type AlertsAnswer = Static<typeof AlertPageReply>;

/** Cost figures also say how many runs had no price, so the page never shows an unpriced run as $0. */
export interface CostCoverage {
  unpriced_runs?: number | undefined;
  coverage_pct?: number | null | undefined;
}

export interface LiveWindow {
  events: number;
  events_per_minute: number;
  active_users: number;
  response_time: { samples: number; p95: number | null };
  errors: { combined_error_rate: number | null };
  cognitive: { runs: number; success_rate: number | null; input_tokens: number; output_tokens: number };
}

export interface RealTimeSnapshot {
  timestamp: string;
  warehouse_stats: { total_events: number; active_sessions: number };
  current_metrics: { active_users: number | null; error_rate_percentage: number | null };
  windows: Record<"1m" | "5m" | "15m" | "60m", LiveWindow>;
}
