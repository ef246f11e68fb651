import { type Actor, audited } from "../audit/audited.js";
import type { AuditRecorder } from "../audit/recorder.js";
import { ConflictError, NotFoundError, ValidationError } from "../errors.js";
import type { KpiReport, Kpis } from "../insights/kpis.js";
import { currencyOf, type PriceBook } from "../insights/pricing.js";
import type { Logger } from "../log/logger.js";
import { resolvePeriod } from "../model/period.js";
import type { DashboardStore } from "../store/port/dashboards.js";
import type { QueryRunner } from "../store/port/query-runner.js";
import { storeStats } from "../store/queries/store-stats.js";
import { allOf, type Filter } from "../store/sql/filter.js";
import type {
  DashboardDataReply,
  DashboardDefinition,
  DashboardInput,
  DashboardQuery,
  DashboardsReply,
  WidgetData,
} from "./api-schemas.js";
import type { WidgetContext } from "./context.js";
import { checkDashboard, describeError, planOrError } from "./definitions.js";
import { askedInterval } from "./interval.js";
import { DEFAULT_TUNING } from "./number-data.js";
import { PREDEFINED, predefined } from "./predefined.js";
import { RangeBatch } from "./range-batch.js";
import { widgetData } from "./widget-data.js";

export interface DashboardSettings {
  /** Seconds between the page's refreshes (the first version's dashboard_refresh_rate). */
  dashboardRefreshRate: number;
  anomalyThreshold: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const PAGE_FILTERS = ["event_type", "user_id", "endpoint", "membrane_type", "model"] as const;

/** The page's filters as one filter (each given value must hold); undefined without any. */
export function pageFilter(q: DashboardQuery): Filter | undefined {
  const parts: Filter[] = PAGE_FILTERS.flatMap((f) => {
    const value = q[f];
    return value === undefined ? [] : [{ field: f, op: "eq", value } as Filter];
  });
  return parts.length ? allOf(...parts) : undefined;
}

/**
 * The dashboards: the four built in code, and custom ones kept in the store so every node sees
 * them (each change audited). A dashboard's data is each widget compiled to the query layer,
 * computed concurrently; a widget that fails answers `{error}` and the others still answer.
 */
export class Dashboards {
  /** Writes of this node one at a time, so "exists?" and "save" of two requests do not interleave. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: DashboardStore & QueryRunner,
    private readonly kpis: Kpis,
    private readonly prices: PriceBook,
    private readonly audit: AuditRecorder,
    private readonly settings: DashboardSettings,
    private readonly logger?: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  private async custom(): Promise<DashboardDefinition[]> {
    return (await this.store.listDashboards()).map((r) => JSON.parse(r.definition) as DashboardDefinition);
  }

  /** Built-ins first (executive, technical, cognitive, user_behavior), then custom ones by creation. */
  async list(): Promise<DashboardsReply> {
    const all = [...PREDEFINED, ...(await this.custom())];
    return {
      dashboards: all.map((d) => ({
        dashboard_id: d.id,
        name: d.name,
        description: d.description,
        widget_count: d.widgets.length,
        builtin: d.builtin,
        created_at: d.created_at,
        last_modified: d.last_modified,
      })),
    };
  }

  async definition(id: string): Promise<DashboardDefinition> {
    const found = predefined(id) ?? (await this.custom()).find((d) => d.id === id);
    if (!found) throw new NotFoundError("Dashboard not found");
    return found;
  }

  /** The dashboard's widgets computed over the query's period and page filters. */
  async data(id: string, q: DashboardQuery): Promise<DashboardDataReply> {
    const def = await this.definition(id);
    const generated = this.now();
    const period = resolvePeriod(q, generated);
    const intervalMs = q.interval === undefined ? undefined : askedInterval(q.interval, period, "interval");
    const prices = await this.prices.list();
    let kpis: Promise<KpiReport> | null = null;
    const ctx: WidgetContext = {
      runner: this.store,
      ranges: new RangeBatch(this.store),
      kpiReport: () => {
        kpis ??= this.kpis.report(period, DEFAULT_TUNING);
        return kpis;
      },
      period,
      page: pageFilter(q),
      intervalMs,
      prices,
      currency: currencyOf(prices),
      anomalyThreshold: this.settings.anomalyThreshold,
    };
    const [stats, ...values] = await Promise.all([
      this.store.run(storeStats()),
      ...def.widgets.map((w, i) => this.widget(ctx, def.id, w.widget_id, planOrError(w, i))),
    ]);
    const newest = stats[0]?.newest_event ?? null;
    return {
      dashboard_id: def.id,
      dashboard_name: def.name,
      description: def.description,
      builtin: def.builtin,
      generated_at: iso(generated),
      time_range: { start: iso(period.from), end: iso(period.to) },
      refresh_seconds: this.settings.dashboardRefreshRate,
      newest_event: newest === null ? null : iso(newest),
      layout: def.widgets,
      widgets: Object.fromEntries(def.widgets.map((w, i) => [w.widget_id, values[i] as WidgetData])),
    };
  }

  private async widget(
    ctx: WidgetContext,
    dashboard: string,
    widget: string,
    plan: ReturnType<typeof planOrError>,
  ): Promise<WidgetData> {
    if ("error" in plan) return plan;
    try {
      return await widgetData(ctx, plan);
    } catch (err) {
      this.logger?.warn({ err, dashboard, widget }, "dashboard widget failed");
      return { error: describeError(err) };
    }
  }

  async create(input: DashboardInput, by: Actor): Promise<DashboardDefinition> {
    checkDashboard(input);
    return this.serially(async () => {
      if (predefined(input.id)) throw new ConflictError(`'${input.id}' is a built-in dashboard`);
      if ((await this.custom()).some((d) => d.id === input.id)) {
        throw new ConflictError(`a dashboard '${input.id}' exists; PUT /dashboard/${input.id} replaces it`);
      }
      const now = this.now();
      const def = toDefinition(input, now, now);
      return audited(
        this.audit,
        { ...by, action: "dashboards.create", target: def.id, details: { name: def.name } },
        async () => {
          await this.save(def, now, now);
          return def;
        },
      );
    });
  }

  async update(id: string, input: DashboardInput, by: Actor): Promise<DashboardDefinition> {
    if (input.id !== id) {
      throw new ValidationError("Invalid dashboard", [{ field: "id", message: `must be the path's id '${id}'` }]);
    }
    checkDashboard(input);
    return this.serially(async () => {
      const old = await this.customOrRefuse(id);
      const now = this.now();
      const created = Date.parse(old.created_at ?? iso(now));
      const def = toDefinition(input, created, now);
      return audited(
        this.audit,
        { ...by, action: "dashboards.update", target: id, details: { name: def.name } },
        async () => {
          await this.save(def, created, now);
          return def;
        },
      );
    });
  }

  async remove(id: string, by: Actor): Promise<void> {
    await this.serially(async () => {
      await this.customOrRefuse(id);
      await audited(this.audit, { ...by, action: "dashboards.delete", target: id }, async () => {
        if (!(await this.store.deleteDashboard(id))) throw new NotFoundError("Dashboard not found");
      });
    });
  }

  /** A custom dashboard; a built-in id is a 409 (built-ins cannot be changed), an unknown one a 404. */
  private async customOrRefuse(id: string): Promise<DashboardDefinition> {
    if (predefined(id)) throw new ConflictError(`'${id}' is a built-in dashboard and cannot be changed`);
    const found = (await this.custom()).find((d) => d.id === id);
    if (!found) throw new NotFoundError("Dashboard not found");
    return found;
  }

  private save(def: DashboardDefinition, created: number, updated: number): Promise<void> {
    return this.store.saveDashboard({
      id: def.id,
      definition: JSON.stringify(def),
      created_at: created,
      updated_at: updated,
    });
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.writes.then(work, work);
    this.writes = run.catch(() => undefined);
    return run;
  }
}

function toDefinition(input: DashboardInput, created: number, updated: number): DashboardDefinition {
  return {
    id: input.id,
    name: input.name,
    description: input.description ?? "",
    widgets: input.widgets,
    builtin: false,
    created_at: iso(created),
    last_modified: iso(updated),
  };
}
