import { storeStats } from "../../../src/store/queries/store-stats.js";
import { oracleStats } from "../fixture.js";
import { at, STREAM_ROWS } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";

export const cases: QueryCase[] = [
  {
    title: "count, oldest and newest over everything stored",
    async run(same, events) {
      await same("oracle", storeStats(), [oracleStats([...events])]);
      await same("pinned", storeStats(), [
        {
          total_events: 275 + 74 + STREAM_ROWS,
          oldest_event: at("2026-02-01T00:03:00Z"),
          newest_event: at("2026-04-01T03:19:59Z"),
        },
      ]);
    },
  },
];
