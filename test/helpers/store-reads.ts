import type { QueryRunner } from "../../src/store/port.js";
import { type StoreStats, storeStats } from "../../src/store/queries/store-stats.js";

/** The store-stats query's one row (it always answers one). */
export async function statsOf(store: QueryRunner): Promise<StoreStats> {
  const [row] = await store.run(storeStats());
  if (!row) throw new Error("store-stats gave no row");
  return row;
}
