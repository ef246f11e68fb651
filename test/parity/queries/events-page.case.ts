import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { eventsPage } from "../../../src/store/queries/events-page.js";
import { oracleEvents } from "../fixture.js";
import { T0 } from "../store-contract.js";
import { MEDIAN_HOUR } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";

const ids = (rows: EventRecord[]) => rows.map((e) => e.event_id);
const MIN = 60_000;

export const cases: QueryCase[] = [
  {
    title: "newest first, with the listing's filters, bounds and cursor",
    async run(same, events) {
      for (const q of [
        { limit: 7 },
        { eventType: "api_request" as const, limit: 500 },
        { userId: "user-3", to: T0 + 90 * MIN, limit: 500 },
        { sessionId: "sess-05", limit: 500 },
        { from: T0 + 60 * MIN, to: T0 + 61 * MIN, limit: 500 },
        { after: { at: T0 + 60 * MIN, id: "f0100" }, limit: 5 },
      ]) {
        await same(JSON.stringify(q), eventsPage(q), oracleEvents([...events], q));
      }
      const [newest] = await same("newest", eventsPage({ limit: 1 }), oracleEvents([...events], { limit: 1 }));
      assert.equal(newest?.event_id, "st-11999");
    },
  },
  {
    title: "the filter language: comparisons, in, and/or/not, null tests, escaped contains, data fields",
    async run(same, events) {
      const inHour = events.filter((e) => e.timestamp >= MEDIAN_HOUR.from && e.timestamp < MEDIAN_HOUR.to);
      const newest = (xs: EventRecord[]) =>
        [...xs].sort((a, b) => b.timestamp - a.timestamp || (a.event_id < b.event_id ? 1 : -1));
      const page = (filter: Parameters<typeof eventsPage>[0]["filter"]) =>
        eventsPage({ ...MEDIAN_HOUR, filter, limit: 100 });
      const rt = (e: EventRecord) => e.data.response_time as number;

      // `%` and `_` in the value match only themselves: /100xoff does not match "100%_".
      const escaped = await same(
        "contains with wildcards",
        page({ field: "endpoint", op: "contains", value: "100%_" }),
        inHour.filter((e) => String(e.data.endpoint).includes("100%_")),
      );
      assert.deepEqual(ids(escaped), ["odd-1"]);
      assert.deepEqual(
        ids(
          await same(
            "starts_with",
            page({ field: "endpoint", op: "starts_with", value: "/100" }),
            newest(inHour.filter((e) => String(e.data.endpoint).startsWith("/100"))),
          ),
        ),
        ["odd-2", "odd-1"],
      );
      await same(
        "gte and lt on a double",
        page({
          and: [
            { field: "response_time", op: "gte", value: 1 },
            { field: "response_time", op: "lt", value: 3 },
          ],
        }),
        newest(inHour.filter((e) => rt(e) >= 1 && rt(e) < 3)),
      );
      const either = await same(
        "or, in, not",
        page({
          or: [
            { field: "event_id", op: "in", value: ["med-0", "odd-2"] },
            { not: { field: "response_time", op: "lte", value: 2 } },
          ],
        }),
        newest(inHour.filter((e) => ["med-0", "odd-2"].includes(e.event_id) || !(rt(e) <= 2))),
      );
      assert.deepEqual(ids(either), ["odd-2", "odd-1", "med-3", "med-0"]);
      await same("is_null", page({ field: "user_id", op: "is_null" }), newest(inHour));
      await same(
        "ne",
        page({ field: "endpoint", op: "ne", value: "/median" }),
        newest(inHour.filter((e) => e.data.endpoint !== "/median")),
      );
      await same("an empty in matches nothing", page({ field: "endpoint", op: "in", value: [] }), []);
      // A top-level data field without a typed column.
      await same(
        "data field",
        eventsPage({
          eventType: "session_end",
          filter: { field: "data.reason", op: "eq", value: "logout" },
          limit: 100,
        }),
        newest(events.filter((e) => e.event_type === "session_end" && e.data.reason === "logout")),
      );
    },
  },
];
