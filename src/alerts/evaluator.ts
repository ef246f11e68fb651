import { randomUUID } from "node:crypto";
import { type Logger, silentLogger } from "../log/logger.js";
import type { AlertRecord } from "../store/port/alert-history.js";
import type { Store } from "../store/port.js";
import { type AlertDetails, detailsOf } from "./alert.js";
import type { Notifier } from "./notifier.js";
import type { AlertRule } from "./rule.js";
import { seriesOf, stepsOf } from "./rule-series.js";
import type { AlertRules } from "./rules.js";
import { type AnomalySettings, HOUR_MS, MINUTE_MS, stepMs } from "./steps.js";
import { type SeriesState, type Transition, transition } from "./transition.js";

const LEASE = "alerts";

export interface EvaluatorOptions {
  node: string;
  intervalMs: number;
  /** The cool-down of rules that state none. */
  cooldownMinutes: number;
  anomaly: AnomalySettings;
  logger?: Logger;
}

export interface Evaluation {
  rules: number;
  fired: number;
  resolved: number;
}

const stateKey = (ruleId: string, series: string) => `${ruleId}\u0000${series}`;

/**
 * Evaluates every enabled rule on a schedule. With several nodes on one store only the holder of
 * the "alerts" lease evaluates (the lease outlives two intervals, so another node takes over if it
 * dies); the state of each rule and series is the history table itself, so a new holder carries on.
 */
export class AlertEvaluator {
  private timer: NodeJS.Timeout | null = null;
  private readonly logger: Logger;

  constructor(
    private readonly store: Store,
    private readonly rules: AlertRules,
    private readonly notifier: Notifier,
    private readonly opts: EvaluatorOptions,
  ) {
    this.logger = opts.logger ?? silentLogger();
  }

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.opts.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.notifier.stop();
  }

  /** One scheduled run: null when another node holds the lease or the store failed. */
  async runOnce(now = Date.now()): Promise<Evaluation | null> {
    try {
      if (!(await this.store.acquireLease(LEASE, this.opts.node, 2 * this.opts.intervalMs, now))) return null;
      return await this.evaluate(now);
    } catch (err) {
      this.logger.error({ err }, "alert evaluation failed; it runs again next interval");
      return null;
    }
  }

  /** Judges every enabled rule's newest whole bucket at `now`, fires and resolves alerts accordingly. */
  async evaluate(now: number): Promise<Evaluation> {
    const rules = (await this.rules.list()).filter((r) => r.enabled);
    const longest = Math.max(this.opts.cooldownMinutes, ...rules.map((r) => r.cooldown_minutes ?? 0));
    const current = await this.store.currentAlerts(now - longest * MINUTE_MS);
    const firing = new Map(
      current.filter((a) => a.state === "firing").map((a) => [stateKey(a.rule_id, a.series_key), a]),
    );
    const resolvedAt = new Map(
      current.filter((a) => a.state === "resolved").map((a) => [stateKey(a.rule_id, a.series_key), a.resolved_at]),
    );
    const result: Evaluation = { rules: rules.length, fired: 0, resolved: 0 };
    for (const rule of rules) {
      try {
        const keep = current.filter((a) => a.rule_id === rule.id && a.state === "firing").map((a) => a.series_key);
        const width = stepMs(rule);
        const lookback = Math.max(HOUR_MS, width * (rule.kind === "threshold" ? rule.for_minutes : 1));
        for (const s of await seriesOf(this.store, rule, { from: now - lookback, to: now }, keep)) {
          const key = stateKey(rule.id, s.key);
          const steps = await stepsOf(this.store, rule, s, { from: now - width, to: now }, this.opts.anomaly);
          const step = steps[steps.length - 1];
          if (!step) continue;
          const open = firing.get(key) ?? null;
          const state: SeriesState = {
            firingSince: open?.started_at ?? null,
            lastResolvedAt: resolvedAt.get(key) ?? null,
          };
          const t = transition(state, step, rule, this.cooldownMs(rule));
          if (!t) continue;
          if (t.kind === "fire") {
            await this.notifier.publish(this.opened(rule, s.key, t), rule.webhooks);
            result.fired += 1;
          } else if (open) {
            await this.notifier.publish(closed(open, t, now), rule.webhooks);
            result.resolved += 1;
          }
        }
      } catch (err) {
        this.logger.error({ err, rule: rule.id }, "alerts: a rule could not be evaluated");
      }
    }
    // A rule deleted or disabled while its alert fired: the alert ends, no notification.
    const live = new Set(rules.map((r) => r.id));
    for (const a of firing.values()) {
      if (!live.has(a.rule_id))
        await this.notifier.publish(closed(a, { kind: "resolve", at: now, value: null }, now), []);
    }
    return result;
  }

  cooldownMs(rule: AlertRule): number {
    return (rule.cooldown_minutes ?? this.opts.cooldownMinutes) * MINUTE_MS;
  }

  private opened(rule: AlertRule, series: string, t: NonNullable<Transition>): AlertRecord {
    const details: AlertDetails = {
      rule_name: rule.name,
      kind: rule.kind,
      metric: rule.metric,
      severity: rule.severity,
      operator: rule.operator,
      threshold: rule.threshold,
      value: t.value,
      resolved_value: null,
      dashboard_url: rule.dashboard_url,
      deliveries: {},
    };
    return {
      id: randomUUID(),
      rule_id: rule.id,
      series_key: series,
      state: "firing",
      started_at: t.at,
      resolved_at: null,
      details: JSON.stringify(details),
      updated_at: t.at,
    };
  }
}

function closed(open: AlertRecord, t: NonNullable<Transition>, now: number): AlertRecord {
  const d = detailsOf(open);
  return {
    ...open,
    state: "resolved",
    resolved_at: t.at,
    details: JSON.stringify({ ...d, resolved_value: t.value }),
    updated_at: now,
  };
}
