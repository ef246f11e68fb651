import { int } from "./stats.js";

/** The default sizes and engines a store benchmark covers when no environment variable narrows it. */
const FULL = { sizes: [1_000_000, 10_000_000], engines: ["duckdb", "clickhouse"] };

/**
 * The doc's line on what a run measured: the engine × size columns it has, and those of the full
 * set (1M and 10M on both engines) it lacks — whether time ran out or the run was narrowed on purpose.
 */
export function coverageLine(runs: ReadonlyArray<{ engine: string; size: number }>): string {
  const name = (engine: string, size: number) => `${engine.toLowerCase()} @ ${int(size)}`;
  const have = new Set(runs.map((r) => name(r.engine, r.size)));
  const missing = FULL.engines.flatMap((e) => FULL.sizes.map((s) => name(e, s))).filter((n) => !have.has(n));
  return missing.length ? `Not measured in this run: ${missing.join(", ")}.` : "Every size on both engines.";
}
