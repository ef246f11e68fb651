/** The section of docs/benchmarks-stores.md that bench/exports.ts writes (bench/store.ts keeps it). */
export const EXPORT_SECTION = "Export throughput and memory";
