import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { type NewUsers, newUsers } from "../../../src/store/queries/new-users.js";
import { T0 } from "../store-contract.js";
import { at, DST_SPAN } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";

function oracle(events: readonly EventRecord[], r: { from: number; to: number }): NewUsers {
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  for (const e of events) {
    if (e.user_id === null || e.timestamp >= r.to) continue;
    first.set(e.user_id, Math.min(first.get(e.user_id) ?? Number.POSITIVE_INFINITY, e.timestamp));
    last.set(e.user_id, Math.max(last.get(e.user_id) ?? Number.NEGATIVE_INFINITY, e.timestamp));
  }
  const active = [...last.entries()].filter(([, t]) => t >= r.from).map(([u]) => u);
  const fresh = active.filter((u) => (first.get(u) as number) >= r.from).length;
  return { users: active.length, new_users: fresh, returning_users: active.length - fresh };
}

export const cases: QueryCase[] = [
  {
    title: "users of a range, new (first event ever in it) and returning",
    async run(same, events) {
      const feb = { from: T0 + 3_600_000, to: T0 + 86_400_000 };
      await same("the shared fixture", newUsers(feb), [oracle(events, feb)]);
      // u0..u4 run AI every 90 minutes from 2026-03-07T20:00Z, one user after another: all five are new in March.
      const [march] = await same("the runs' users", newUsers(DST_SPAN), [oracle(events, DST_SPAN)]);
      assert.deepEqual(march, { users: 5, new_users: 5, returning_users: 0 });
      const later = { from: at("2026-03-09T00:00:00Z"), to: DST_SPAN.to };
      const [back] = await same("a later day", newUsers(later), [oracle(events, later)]);
      assert.deepEqual(back, { users: 5, new_users: 0, returning_users: 5 });
    },
  },
];
