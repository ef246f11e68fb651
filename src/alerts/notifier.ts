import type { Logger } from "../log/logger.js";
import type { AlertHistoryStore, AlertRecord } from "../store/port/alert-history.js";
import { Serial } from "../util/serial.js";
import { detailsOf, notification } from "./alert.js";
import { type DeliveryOptions, deliver } from "./delivery.js";

/**
 * Saves alerts and sends their notifications in the background: evaluation never waits for a
 * webhook. Each outcome is written back into the alert's row; writes go one at a time, each on the
 * alert's latest version, so a delivery recorded late never undoes a resolution (or the reverse).
 */
export class Notifier {
  private readonly writes = new Serial();
  private readonly latest = new Map<string, AlertRecord>();
  private readonly pending = new Set<Promise<void>>();
  private readonly stopper = new AbortController();

  constructor(
    private readonly store: AlertHistoryStore,
    private readonly delivery: Omit<DeliveryOptions, "signal">,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Stores the alert's new state and notifies `webhooks` of it (none: recorded as nothing to send). */
  async publish(alert: AlertRecord, webhooks: readonly string[]): Promise<void> {
    const saved = await this.writes.run(async () => {
      const details = detailsOf(alert);
      // Outcomes this node recorded since `alert` was read from the store are kept.
      const prior = this.latest.get(alert.id);
      const deliveries = { ...details.deliveries, ...(prior ? detailsOf(prior).deliveries : {}) };
      if (!webhooks.length) deliveries[alert.state] = [];
      const next = { ...alert, details: JSON.stringify({ ...details, deliveries }) };
      await this.store.saveAlert(next);
      this.latest.set(next.id, next);
      return next;
    });
    if (webhooks.length) this.track(this.send(saved, webhooks));
    else this.forgetWhenDone(saved);
  }

  /** Resolves once every notification under way has been delivered or given up, and recorded. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all(this.pending);
  }

  /** Ends waits between attempts and attempts under way, then waits for their outcomes to be recorded. */
  async stop(): Promise<void> {
    this.stopper.abort();
    await this.idle();
  }

  /** A resolved alert whose two notifications are recorded changes no more. */
  private forgetWhenDone(a: AlertRecord): void {
    const { firing, resolved } = detailsOf(a).deliveries;
    if (a.state === "resolved" && firing !== undefined && resolved !== undefined) this.latest.delete(a.id);
  }

  private track(p: Promise<void>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private async send(alert: AlertRecord, webhooks: readonly string[]): Promise<void> {
    const body = notification(alert);
    const outcomes = await Promise.all(
      webhooks.map((url) => deliver(url, body, { ...this.delivery, signal: this.stopper.signal })),
    );
    for (const o of outcomes) {
      if (o.status === "failed") this.logger.warn({ alert: alert.id, ...o }, "alerts: webhook delivery failed");
    }
    await this.writes
      .run(async () => {
        const current = this.latest.get(alert.id) ?? alert;
        const d = detailsOf(current);
        const updated = {
          ...current,
          details: JSON.stringify({ ...d, deliveries: { ...d.deliveries, [alert.state]: outcomes } }),
          updated_at: this.now(),
        };
        await this.store.saveAlert(updated);
        this.latest.set(alert.id, updated);
        this.forgetWhenDone(updated);
      })
      .catch((err: unknown) => this.logger.error({ err, alert: alert.id }, "alerts: delivery outcome not recorded"));
  }
}
