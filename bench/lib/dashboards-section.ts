/** The section of docs/benchmarks-stores.md that bench/dashboards.ts writes (bench/store.ts keeps it). */
export const DASHBOARDS_SECTION = "Dashboard latency";
