/** The section of docs/benchmarks-stores.md that bench/summary.ts writes (bench/store.ts keeps it). */
export const SUMMARY_SECTION = "Summary latency";
