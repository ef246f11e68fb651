/** The section of docs/benchmarks.md that bench/live.ts writes (bench/ingest.ts keeps it when it rewrites the file). */
export const LIVE_HEADING = "Live metrics";
