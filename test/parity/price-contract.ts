import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { PriceRecord } from "../../src/store/port.js";
import { pricedUsage } from "../../src/store/queries/priced-usage.js";
import { ev, migrated, type OpenStore, T0 } from "./store-contract.js";

/**
 * The price table's port (src/store/port/prices.ts), and pricing at query time reading it back: a
 * price inserted later re-prices runs stored before it. Run on each engine beside the store
 * contract (test/store/duckdb-store.test.ts, test/parity/store.test.ts).
 */

const price = (id: string, model: string, input: number, from: number): PriceRecord => ({
  id,
  model,
  input_per_1k: input,
  output_per_1k: 2 * input,
  currency: "USD",
  effective_from: from,
  created_at: T0 + 1,
});

export function priceContract(engine: string, open: OpenStore): void {
  describe(`${engine}: price table`, () => {
    test("insert, list by model then date, delete once, kept across a reopen", async () => {
      const store = await migrated(open, "prices");
      const p3 = price("p3", "m-b", 3, T0);
      const p2 = price("p2", "m-a", 2, T0 + 1000);
      const p1 = price("p1", "m-a", 1, T0);
      for (const p of [p3, p2, p1]) await store.insertPrice(p);
      assert.deepEqual(await store.listPrices(), [p1, p2, p3]);
      assert.equal(await store.deletePrice("p2"), true);
      assert.equal(await store.deletePrice("p2"), false);
      assert.equal(await store.deletePrice("none"), false);
      await assert.rejects(store.insertPrice(p1));
      await store.close();
      const again = await migrated(open, "prices");
      try {
        assert.deepEqual(await again.listPrices(), [p1, p3]);
      } finally {
        await again.close();
      }
    });

    test("a price stored later re-prices runs stored before it", async () => {
      const store = await migrated(open, "repricing");
      try {
        const run = (id: string, at: number) =>
          ev(id, "cognitive_process", at, {
            data: {
              membrane_type: "m",
              processing_time: 10,
              input_tokens: 1000,
              output_tokens: 500,
              success: true,
              model: "m-a",
            },
          });
        await store.insertEvents([run("r1", T0 + 10), run("r2", T0 + 5000)], "loader", { segment: 1, offset: 1 });
        const total = async () => {
          const [row] = await store.run(
            pricedUsage({ from: T0, to: T0 + 10_000, by: null, prices: await store.listPrices() }),
          );
          return [row?.cost, row?.unpriced_runs];
        };
        assert.deepEqual(await total(), [null, 2]);
        // 1/1k in and 2/1k out: 1 + 1 a run.
        await store.insertPrice(price("a", "m-a", 1, T0));
        assert.deepEqual(await total(), [4, 0]);
        // From T0 + 1 s: 2/1k in, 4/1k out, so r2 costs 4.
        await store.insertPrice(price("b", "m-a", 2, T0 + 1000));
        assert.deepEqual(await total(), [6, 0]);
      } finally {
        await store.close();
      }
    });
  });
}
