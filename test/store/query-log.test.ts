import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { pino } from "pino";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { eventsPage } from "../../src/store/queries/events-page.js";
import { storeStats } from "../../src/store/queries/store-stats.js";
import { ev, T0 } from "../parity/store-contract.js";

/** A store whose query log lands in `lines`; `slowQueryMs` below 0 makes every query "slow". */
async function logged(slowQueryMs: number) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const store = await DuckDbStore.open(":memory:", { dedupeWindowMs: 60_000 }, { logger, slowQueryMs });
  await store.migrate();
  return { store, lines };
}

describe("query log", () => {
  test("every run is logged at debug with its name, duration and rows", async () => {
    const { store, lines } = await logged(1e9);
    try {
      await store.insertEvents([ev("a", "user_action", T0), ev("b", "user_action", T0 + 1)], "n", {
        segment: 1,
        offset: 1,
      });
      await store.run(eventsPage({ limit: 10 }));
      await store.run(storeStats());
      assert.deepEqual(
        lines.map((l) => [l.level, l.msg, l.query, l.rows, typeof l.ms]),
        [
          [20, "query", "events-page", 2, "number"],
          [20, "query", "store-stats", 1, "number"],
        ],
      );
    } finally {
      await store.close();
    }
  });

  test("a run slower than the threshold is logged at warn; a stream once it ends", async () => {
    const { store, lines } = await logged(-1);
    try {
      await store.insertEvents([ev("a", "user_action", T0)], "n", { segment: 1, offset: 1 });
      await store.run(storeStats());
      for await (const _ of store.stream(eventsPage({ limit: 10 })))
        assert.equal(lines.length, 1, "logged only at the end");
      assert.deepEqual(
        lines.map((l) => [l.level, l.msg, l.query, l.rows]),
        [
          [40, "slow query", "store-stats", 1],
          [40, "slow query", "events-page", 1],
        ],
      );
    } finally {
      await store.close();
    }
  });
});
