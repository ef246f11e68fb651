import { OPTIONS } from "../config/options.js";
import { type Logger, silentLogger } from "../log/logger.js";
import type { Exec, Query, RawRow } from "./query.js";
import type { Dialect } from "./sql/dialect.js";

/** Where each adapter reports its queries: every run at debug, a slow one at warn. */
export interface QueryLog {
  logger: Logger;
  slowQueryMs: number;
}

function report(log: QueryLog, name: string, started: number, rows: number): void {
  const ms = Math.round((performance.now() - started) * 10) / 10;
  const entry = { query: name, ms, rows };
  if (ms > log.slowQueryMs) log.logger.warn(entry, "slow query");
  else log.logger.debug(entry, "query");
}

/**
 * Runs a query on an engine: its own plan there if it has one, else its statement; each row
 * checked and decoded by the query's schema; the run logged with its name, duration and rows.
 */
export async function runQuery<R>(q: Query<R>, d: Dialect, exec: Exec, log: QueryLog): Promise<R[]> {
  const started = performance.now();
  const plan = q.plans?.[d.engine];
  const raw = plan ? await plan(exec, d) : await exec(q.statement(d));
  const rows = raw.map((r) => q.decode(r));
  report(log, q.name, started, rows.length);
  return rows;
}

/** Decodes streamed rows as they come; logged once the stream ends (or is abandoned). */
export async function* decodeStream<R>(q: Query<R>, raw: AsyncIterable<RawRow>, log: QueryLog): AsyncGenerator<R> {
  const started = performance.now();
  let n = 0;
  try {
    for await (const r of raw) {
      n += 1;
      yield q.decode(r);
    }
  } finally {
    report(log, q.name, started, n);
  }
}

/** For stores opened without one (tests, tools): nothing written, the configured default threshold. */
export function silentQueryLog(): QueryLog {
  return { logger: silentLogger(), slowQueryMs: OPTIONS.slowQueryMs.default };
}
