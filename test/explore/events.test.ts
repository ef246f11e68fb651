import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { EventsExplorer } from "../../src/explore/events.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { ev, T0 } from "../parity/store-contract.js";

describe("EventsExplorer", () => {
  let store: DuckDbStore;
  const calls: string[] = [];
  /** A pipeline whose drain loads one more event, as the loader would: only a fresh read sees it. */
  const pipeline = {
    drain: async () => {
      calls.push("drain");
      await store.insertEvents([ev("late", "user_action", T0 + 9)], "n", { segment: 1, offset: 2 });
    },
  };

  before(async () => {
    store = await DuckDbStore.open(":memory:");
    await store.migrate();
    await store.insertEvents([ev("a", "user_action", T0), ev("b", "error", T0 + 1)], "n", { segment: 1, offset: 1 });
  });
  after(async () => {
    await store.close();
  });

  test("a read that need not be fresh answers from the store as it is, without waiting", async () => {
    const explorer = new EventsExplorer(store, pipeline);
    const rows = await explorer.page({ limit: 10 }, { fresh: false });
    assert.deepEqual(
      rows.map((e) => e.event_id),
      ["b", "a"],
    );
    assert.deepEqual(calls, []);
  });

  test("a fresh read waits for everything acknowledged, then pages with the listing's filters", async () => {
    const explorer = new EventsExplorer(store, pipeline);
    const rows = await explorer.page({ eventType: "user_action", limit: 10 }, { fresh: true });
    assert.deepEqual(
      rows.map((e) => e.event_id),
      ["late", "a"],
    );
    assert.deepEqual(calls, ["drain"]);
  });
});
