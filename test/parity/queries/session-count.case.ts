import assert from "node:assert/strict";
import type { SessionFilter } from "../../../src/store/queries/parts/session-filter.js";
import { sessionCount } from "../../../src/store/queries/session-count.js";
import { oracleSessions } from "../fixture.js";
import { MIN, T0 } from "../store-contract.js";
import type { QueryCase } from "./case.js";

const oracleCount = (events: Parameters<typeof oracleSessions>[0], q: SessionFilter) => [
  { sessions: oracleSessions(events, { ...q, limit: Number.MAX_SAFE_INTEGER }).length },
];

export const cases: QueryCase[] = [
  {
    title: "each status, by user, by window: the count of what sessions-page lists",
    async run(same, events) {
      const base: SessionFilter = { activeSince: T0 - 60 * MIN, now: T0 + 150 * MIN, timeoutMs: 30 * MIN };
      const counts: Record<string, number> = {};
      for (const status of ["terminated", "expired", "active"] as const) {
        const q = { ...base, status };
        const [row] = await same(status, sessionCount(q), oracleCount([...events], q));
        counts[status] = row?.sessions ?? -1;
      }
      // The same figures as the sessions-page case lists.
      assert.deepEqual(counts, { terminated: 8, expired: 9, active: 16 });
      for (const q of [base, { ...base, userId: "user-2" }, { ...base, activeSince: T0 + 120 * MIN }]) {
        await same(JSON.stringify(q), sessionCount(q), oracleCount([...events], q));
      }
      // No session at all: 0, not an empty answer.
      await same("none", sessionCount({ ...base, userId: "nobody" }), [{ sessions: 0 }]);
    },
  },
];
