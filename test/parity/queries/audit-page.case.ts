import assert from "node:assert/strict";
import type { AuditRow } from "../../../src/store/port.js";
import { type AuditEntryRow, type AuditPageQuery, auditPage } from "../../../src/store/queries/audit-page.js";
import { AUDIT_MIN, AUDIT_ROWS, AUDIT_T0 } from "./audit-fixture.js";
import type { QueryCase } from "./case.js";

/** The oracle: filter, newest first by time then id, after the cursor, limited. */
function oracle(q: AuditPageQuery): AuditEntryRow[] {
  const kept = AUDIT_ROWS.filter(
    (r: AuditRow) =>
      (q.actor === undefined || r.actor === q.actor) &&
      (q.action === undefined || r.action === q.action) &&
      (q.from === undefined || r.at >= q.from) &&
      (q.to === undefined || r.at < q.to) &&
      (!q.after || r.at < q.after.at || (r.at === q.after.at && r.id < q.after.id)),
  );
  kept.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
  return kept.slice(0, q.limit).map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
}

const ids = (rows: AuditEntryRow[]) => rows.map((r) => r.id);

export const cases: QueryCase[] = [
  {
    title: "newest first, equal times by id descending, every field decoded",
    async run(same) {
      const q = { limit: 3 };
      const rows = await same("oracle", auditPage(q), oracle(q));
      assert.equal(ids(rows).join(), "a07,a06,a05");
      await same("pinned first row", auditPage({ limit: 1 }), [
        {
          id: "a07",
          at: AUDIT_T0 + 5 * AUDIT_MIN,
          actor: "k-ops",
          action: "keys.create",
          target: "k-2",
          ip: "10.0.0.2",
          outcome: "ok",
          details: { seq: "a07" },
        },
      ]);
    },
  },
  {
    title: "filters: actor, action, from (inclusive) and to (exclusive)",
    async run(same) {
      for (const q of [
        { actor: "k-ops", limit: 10 },
        { action: "keys.create", limit: 10 },
        { from: AUDIT_T0 + AUDIT_MIN, to: AUDIT_T0 + 5 * AUDIT_MIN, limit: 10 },
        { actor: "admin", action: "keys.create", limit: 10 },
        { actor: "nobody", limit: 10 },
      ]) {
        await same(JSON.stringify(q), auditPage(q), oracle(q));
      }
      const window = await same(
        "window",
        auditPage({ from: AUDIT_T0 + AUDIT_MIN, to: AUDIT_T0 + 5 * AUDIT_MIN, limit: 10 }),
        oracle({ from: AUDIT_T0 + AUDIT_MIN, to: AUDIT_T0 + 5 * AUDIT_MIN, limit: 10 }),
      );
      assert.equal(ids(window).join(), "a05,a04,a03,a02");
    },
  },
  {
    title: "keyset paging: pages of 2 give every entry once, in order",
    async run(same) {
      const seen: string[] = [];
      let after: AuditPageQuery["after"];
      for (;;) {
        const q: AuditPageQuery = { limit: 2, ...(after ? { after } : {}) };
        const page = await same(`page after ${after?.id ?? "start"}`, auditPage(q), oracle(q));
        if (!page.length) break;
        seen.push(...ids(page));
        const last = page.at(-1) as AuditEntryRow;
        after = { at: last.at, id: last.id };
      }
      assert.equal(seen.join(), "a07,a06,a05,a04,a03,a02,a01");
    },
  },
];
