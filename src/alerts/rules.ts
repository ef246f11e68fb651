import { randomUUID } from "node:crypto";
import { type Actor, audited } from "../audit/audited.js";
import type { AuditRecorder } from "../audit/recorder.js";
import { NotFoundError } from "../errors.js";
import type { AlertRuleStore } from "../store/port/alert-rules.js";
import { type AlertRule, type AlertRuleInput, toRule } from "./rule.js";

/** The alert rules, kept in the store so every node evaluates the same ones; each change audited. */
export class AlertRules {
  constructor(
    private readonly store: AlertRuleStore,
    private readonly audit: AuditRecorder,
    private readonly now: () => number = Date.now,
  ) {}

  async list(): Promise<AlertRule[]> {
    return (await this.store.listAlertRules()).map((r) => JSON.parse(r.definition) as AlertRule);
  }

  async get(id: string): Promise<AlertRule> {
    const rule = (await this.list()).find((r) => r.id === id);
    if (!rule) throw new NotFoundError("alert rule not found");
    return rule;
  }

  async create(input: AlertRuleInput, by: Actor): Promise<AlertRule> {
    const now = this.now();
    const rule = toRule(input, randomUUID(), now, now);
    return audited(
      this.audit,
      { ...by, action: "alerts.rule.create", target: rule.id, details: { name: rule.name } },
      async () => {
        await this.save(rule);
        return rule;
      },
    );
  }

  async update(id: string, input: AlertRuleInput, by: Actor): Promise<AlertRule> {
    const old = await this.get(id);
    const rule = toRule(input, id, old.created_at, this.now());
    return audited(
      this.audit,
      { ...by, action: "alerts.rule.update", target: id, details: { name: rule.name } },
      async () => {
        await this.save(rule);
        return rule;
      },
    );
  }

  async remove(id: string, by: Actor): Promise<void> {
    await this.get(id);
    await audited(this.audit, { ...by, action: "alerts.rule.delete", target: id }, async () => {
      if (!(await this.store.deleteAlertRule(id))) throw new NotFoundError("alert rule not found");
    });
  }

  private save(rule: AlertRule): Promise<void> {
    return this.store.saveAlertRule({
      id: rule.id,
      definition: JSON.stringify(rule),
      created_at: rule.created_at,
      updated_at: rule.updated_at,
    });
  }
}
