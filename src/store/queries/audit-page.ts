import { Type } from "@sinclair/typebox";
import type { AuditRow } from "../port/audit.js";
import { defineQuery, type Query } from "../query.js";
import { always, count, type Fragment, join, sql } from "../sql/fragment.js";
import { JsonObject, Num, Text, TextOrNull } from "../sql/row-types.js";
import type { Cursor } from "./parts/cursor.js";

export interface AuditPageQuery {
  actor?: string;
  action?: string;
  /** Inclusive lower bound on the entry's time (epoch ms). */
  from?: number;
  /** Exclusive upper bound on the entry's time (epoch ms). */
  to?: number;
  limit: number;
  after?: Cursor;
}

const Row = Type.Object({
  id: Text,
  ts: Num,
  actor: Text,
  action: Text,
  target: TextOrNull,
  ip: TextOrNull,
  outcome: Text,
  details: JsonObject,
});

/** An audit entry as stored and listed, its details parsed. */
export type AuditEntryRow = Omit<AuditRow, "details"> & { details: Record<string, unknown> };

/** The audit trail newest first (by time, then id), one keyset page at a time. */
export function auditPage(q: AuditPageQuery): Query<AuditEntryRow> {
  return defineQuery({
    name: "audit-page",
    row: Row,
    statement() {
      const where: Fragment[] = [always];
      if (q.actor !== undefined) where.push(sql`actor = ${q.actor}`);
      if (q.action !== undefined) where.push(sql`action = ${q.action}`);
      if (q.from !== undefined) where.push(sql`ts >= ${q.from}`);
      if (q.to !== undefined) where.push(sql`ts < ${q.to}`);
      if (q.after) where.push(sql`(ts < ${q.after.at} OR (ts = ${q.after.at} AND id < ${q.after.id}))`);
      return sql`SELECT id, ts, actor, action, target, ip, outcome, details FROM audit_log
        WHERE ${join(where, " AND ")}
        ORDER BY ts DESC, id DESC LIMIT ${count(q.limit, "limit")}`;
    },
    map: ({ ts, ...r }): AuditEntryRow => ({ ...r, at: ts }),
  });
}
