import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { dueOccurrence } from "../../src/schedules/due.js";
import { reportPeriod } from "../../src/schedules/period.js";
import { type ReportSchedule, toSchedule } from "../../src/schedules/schedule.js";

const at = (iso: string) => Date.parse(iso);
const span = (q: { from?: unknown; to?: unknown }) => [
  new Date(q.from as number).toISOString(),
  new Date(q.to as number).toISOString(),
];

describe("the period a run reports on", () => {
  test("hours: the N hours up to the due time", () => {
    const q = reportPeriod({ period: 6, time_zone: "UTC" }, at("2026-03-10T09:00:00Z"));
    assert.deepEqual(q, { from: at("2026-03-10T03:00:00Z"), to: at("2026-03-10T09:00:00Z"), tz: "UTC" });
  });

  test("previous_day: yesterday on the zone's clocks (Berlin is UTC+1 in March before the change)", () => {
    const q = reportPeriod({ period: "previous_day", time_zone: "Europe/Berlin" }, at("2026-03-10T07:30:00Z"));
    assert.deepEqual(span(q), ["2026-03-08T23:00:00.000Z", "2026-03-09T23:00:00.000Z"]);
    assert.equal(q.tz, "Europe/Berlin");
  });

  test("previous_day across the spring change is 23 hours long", () => {
    // 2026-03-29 is the day Berlin moves from UTC+1 to UTC+2.
    const q = reportPeriod({ period: "previous_day", time_zone: "Europe/Berlin" }, at("2026-03-30T06:00:00Z"));
    assert.deepEqual(span(q), ["2026-03-28T23:00:00.000Z", "2026-03-29T22:00:00.000Z"]);
  });

  test("previous_week: Monday to Monday before the week holding the due time", () => {
    // 2026-03-12 is a Thursday; the week before runs from Monday 2 March to Monday 9 March.
    const q = reportPeriod({ period: "previous_week", time_zone: "UTC" }, at("2026-03-12T10:00:00Z"));
    assert.deepEqual(span(q), ["2026-03-02T00:00:00.000Z", "2026-03-09T00:00:00.000Z"]);
    // Due on a Monday: the week that just ended.
    const monday = reportPeriod({ period: "previous_week", time_zone: "UTC" }, at("2026-03-09T00:00:00Z"));
    assert.deepEqual(span(monday), ["2026-03-02T00:00:00.000Z", "2026-03-09T00:00:00.000Z"]);
  });

  test("previous_month: the whole calendar month before, in the zone (New York)", () => {
    const q = reportPeriod({ period: "previous_month", time_zone: "America/New_York" }, at("2026-03-01T14:00:00Z"));
    // February 2026 in New York: UTC-5 throughout.
    assert.deepEqual(span(q), ["2026-02-01T05:00:00.000Z", "2026-03-01T05:00:00.000Z"]);
    const jan = reportPeriod({ period: "previous_month", time_zone: "UTC" }, at("2026-02-15T00:00:00Z"));
    assert.deepEqual(span(jan), ["2026-01-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z"]);
  });
});

describe("which occurrence is due (the catch-up rule)", () => {
  const hourly = (createdAt: number): ReportSchedule =>
    toSchedule(
      { name: "h", cron: "0 * * * *", report_type: "technical_report", recipients: { directory: true } },
      "s",
      createdAt,
    );

  test("the latest occurrence at or before now; none before the schedule existed", () => {
    const s = hourly(at("2026-03-10T08:30:00Z"));
    assert.equal(dueOccurrence(s, at("2026-03-10T08:59:59Z")), null);
    assert.equal(dueOccurrence(s, at("2026-03-10T09:00:00Z")), at("2026-03-10T09:00:00Z"));
    assert.equal(dueOccurrence(s, at("2026-03-10T09:40:00Z")), at("2026-03-10T09:00:00Z"));
    // Down from 09:40 to 12:10: only the 12:00 occurrence is owed, not 10:00 and 11:00 too.
    assert.equal(dueOccurrence(s, at("2026-03-10T12:10:00Z")), at("2026-03-10T12:00:00Z"));
  });

  test("cron times are read on the schedule zone's clocks", () => {
    const s = toSchedule(
      {
        name: "d",
        cron: "0 9 * * 1-5",
        time_zone: "Asia/Tokyo",
        report_type: "technical_report",
        recipients: { directory: true },
      },
      "s",
      0,
    );
    // Tuesday 10 March 2026, 09:00 in Tokyo is 00:00 UTC; Sunday 15 March answers Friday's.
    assert.equal(dueOccurrence(s, at("2026-03-10T01:00:00Z")), at("2026-03-10T00:00:00Z"));
    assert.equal(dueOccurrence(s, at("2026-03-15T12:00:00Z")), at("2026-03-13T00:00:00Z"));
  });
});
