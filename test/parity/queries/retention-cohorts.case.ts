import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { type CohortActivity, retentionCohorts } from "../../../src/store/queries/retention-cohorts.js";
import { T0 } from "../store-contract.js";
import { at, DST_SPAN } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { calendarStart, inSpan } from "./oracle.js";

function oracle(events: readonly EventRecord[], r: { from: number; to: number; timeZone: string }): CohortActivity[] {
  const first = new Map<string, number>();
  for (const e of events) {
    if (e.user_id === null || e.timestamp >= r.to) continue;
    first.set(e.user_id, Math.min(first.get(e.user_id) ?? Number.POSITIVE_INFINITY, e.timestamp));
  }
  const pairs = new Set<string>();
  for (const e of inSpan(events, r)) {
    const f = e.user_id === null ? undefined : first.get(e.user_id);
    if (f === undefined || f < r.from) continue;
    const cohort = calendarStart(f, "day", r.timeZone);
    pairs.add(`${cohort}|${calendarStart(e.timestamp, "day", r.timeZone)}|${e.user_id}`);
  }
  const counts = new Map<string, number>();
  for (const p of pairs) {
    const k = p.split("|").slice(0, 2).join("|");
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([k, users]) => {
      const [cohort_day, active_day] = k.split("|").map(Number) as [number, number];
      return { cohort_day, active_day, users };
    })
    .sort((a, b) => a.cohort_day - b.cohort_day || a.active_day - b.active_day);
}

export const cases: QueryCase[] = [
  {
    title: "day cohorts (first event ever) and the days of the range each cohort's users came back",
    async run(same, events) {
      for (const timeZone of ["UTC", "America/New_York", "Asia/Kolkata"]) {
        const feb = { from: T0 + 3_600_000, to: T0 + 86_400_000, timeZone };
        await same(`the shared fixture in ${timeZone}`, retentionCohorts(feb), oracle(events, feb));
        const dst = { ...DST_SPAN, timeZone };
        await same(`the runs' users in ${timeZone}`, retentionCohorts(dst), oracle(events, dst));
      }
      // u0..u4 first run at 20:00, 21:30, 23:00 UTC on the 7th and 00:30, 02:00 on the 8th; each runs every
      // 7.5 hours after, so all five are back on the 8th and the 9th.
      const rows = await same(
        "UTC cohorts",
        retentionCohorts({ ...DST_SPAN, timeZone: "UTC" }),
        oracle(events, { ...DST_SPAN, timeZone: "UTC" }),
      );
      const d = (iso: string) => at(`${iso}T00:00:00Z`);
      assert.deepEqual(rows, [
        { cohort_day: d("2026-03-07"), active_day: d("2026-03-07"), users: 3 },
        { cohort_day: d("2026-03-07"), active_day: d("2026-03-08"), users: 3 },
        { cohort_day: d("2026-03-07"), active_day: d("2026-03-09"), users: 3 },
        { cohort_day: d("2026-03-08"), active_day: d("2026-03-08"), users: 2 },
        { cohort_day: d("2026-03-08"), active_day: d("2026-03-09"), users: 2 },
      ]);
    },
  },
];
