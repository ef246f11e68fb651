import type { AuditRecorder } from "../audit/recorder.js";
import type { Logger } from "../log/logger.js";
import type { Store } from "../store/port.js";
import { detailsOf } from "./alert.js";
import { type DryRun, dryRun } from "./dry-run.js";
import { AlertEvaluator } from "./evaluator.js";
import { type AlertPage, type AlertsQuery, alertPage } from "./history.js";
import { Notifier } from "./notifier.js";
import { type AlertRuleInput, toRule } from "./rule.js";
import { AlertRules } from "./rules.js";

/** Wait before a webhook's second attempt (then 2 s, 4 s, …). */
export const WEBHOOK_BACKOFF_MS = 1000;

export interface AlertSettings {
  alertIntervalSeconds: number;
  alertCooldownMinutes: number;
  alertWebhookAttempts: number;
  webhookTimeoutSeconds: number;
  anomalyThreshold: number;
  anomalyBaselineHours: number;
}

/** How firing alerts weigh on health: critical if one of them is, warning if any fires, else normal. */
export type AlertState = "normal" | "warning" | "critical";

export interface AlertHealth {
  state: AlertState;
  firing: number;
}

/** Alert rules, their evaluation once per cluster, webhook notifications and the history. */
export class Alerts {
  readonly rules: AlertRules;
  readonly notifier: Notifier;
  readonly evaluator: AlertEvaluator;

  constructor(
    private readonly store: Store,
    audit: AuditRecorder,
    private readonly settings: AlertSettings,
    o: { node: string; logger: Logger; backoffMs?: number; now?: () => number },
  ) {
    this.rules = new AlertRules(store, audit, o.now);
    this.notifier = new Notifier(
      store,
      {
        attempts: settings.alertWebhookAttempts,
        timeoutMs: settings.webhookTimeoutSeconds * 1000,
        backoffMs: o.backoffMs ?? WEBHOOK_BACKOFF_MS,
      },
      o.logger,
      o.now,
    );
    this.evaluator = new AlertEvaluator(store, this.rules, this.notifier, {
      node: o.node,
      intervalMs: settings.alertIntervalSeconds * 1000,
      cooldownMinutes: settings.alertCooldownMinutes,
      anomaly: settings,
      logger: o.logger,
    });
  }

  start(): void {
    this.evaluator.start();
  }

  /** Stops the schedule; notifications under way end and their outcomes are recorded. */
  stop(): Promise<void> {
    return this.evaluator.stop();
  }

  history(q: AlertsQuery, now = Date.now()): Promise<AlertPage> {
    return alertPage(this.store, q, now);
  }

  /** How often the rule would have fired over the last 7 days, without saving it. */
  test(input: AlertRuleInput, now = Date.now()): Promise<DryRun> {
    const rule = toRule(input, "dry-run", now, now);
    return dryRun(this.store, rule, now, this.settings, this.evaluator.cooldownMs(rule));
  }

  /** The alert state health reports: it follows the alerts firing now, so it returns to normal when they resolve. */
  async health(now = Date.now()): Promise<AlertHealth> {
    const firing = (await this.store.currentAlerts(now)).filter((a) => a.state === "firing");
    const critical = firing.some((a) => detailsOf(a).severity === "critical");
    return { state: critical ? "critical" : firing.length ? "warning" : "normal", firing: firing.length };
  }
}
