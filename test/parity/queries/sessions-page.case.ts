import assert from "node:assert/strict";
import { type SessionsPageQuery, sessionsPage } from "../../../src/store/queries/sessions-page.js";
import { oracleSessions } from "../fixture.js";
import { MIN, T0 } from "../store-contract.js";
import type { QueryCase } from "./case.js";

export const cases: QueryCase[] = [
  {
    title: "each status, by user, by window, paged",
    async run(same, events) {
      const base: SessionsPageQuery = {
        activeSince: T0 - 60 * MIN,
        now: T0 + 150 * MIN,
        timeoutMs: 30 * MIN,
        limit: 100,
      };
      const counts: Record<string, number> = {};
      for (const status of ["terminated", "expired", "active"] as const) {
        const q = { ...base, status };
        counts[status] = (await same(status, sessionsPage(q), oracleSessions([...events], q))).length;
      }
      // Only the February fixture's sessions are active within a day of `activeSince`… and the March
      // runs' sessions are later than `now`, so they count as active (idle for a negative time).
      assert.deepEqual(counts, { terminated: 8, expired: 9, active: 16 });
      for (const q of [
        { ...base, userId: "user-2" },
        { ...base, activeSince: T0 + 120 * MIN, limit: 4 },
        { ...base, limit: 5, after: { at: T0 + 100 * MIN, id: "sess-10" } },
      ]) {
        await same(JSON.stringify(q), sessionsPage(q), oracleSessions([...events], q));
      }
    },
  },
];
