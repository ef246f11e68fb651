import type { TimeSpan } from "../../model/period.js";
import type { QueryRunner } from "../../store/port/query-runner.js";
import { timeSeries } from "../../store/queries/time-series.js";
import type { Filter } from "../../store/sql/filter.js";

/** A range is first counted in this many buckets. */
const PIECES = 256;

/** An export's windows, with the matching events counted when they were planned. */
export interface WindowPlan {
  total: number;
  windows: AsyncIterable<TimeSpan>;
}

/**
 * Consecutive time windows covering `span`, newest first, each holding about `cap` matching events
 * at most (by a count per bucket; a bucket over the cap is counted again in finer buckets). Each
 * window is then read sorted on its own: sorting a window costs memory in proportion to the
 * window, never to the whole export, and the first rows leave once the first window is read.
 */
export async function planWindows(
  runner: QueryRunner,
  span: TimeSpan,
  filter: Filter | undefined,
  cap: number,
): Promise<WindowPlan> {
  const width = Math.max(1, Math.ceil((span.to - span.from) / PIECES));
  const counts = await runner.run(
    timeSeries({ ...span, bucket: { widthMs: width }, measure: { fn: "count" }, filter }),
  );
  return {
    total: counts.reduce((sum, b) => sum + (b.value ?? 0), 0),
    windows: windowsOf(counts.reverse(), width, span, filter, runner, cap),
  };
}

async function* windowsOf(
  newestFirst: ReadonlyArray<{ bucket_start: number; value: number | null }>,
  width: number,
  span: TimeSpan,
  filter: Filter | undefined,
  runner: QueryRunner,
  cap: number,
): AsyncGenerator<TimeSpan> {
  let upper = span.to;
  let held = 0;
  for (const bucket of newestFirst) {
    const n = bucket.value ?? 0;
    const low = Math.max(bucket.bucket_start, span.from);
    const high = Math.min(bucket.bucket_start + width, span.to);
    if (n > cap && width > 1) {
      // The window so far ends above this bucket; the bucket (and the empty time above it) splits finer.
      if (held > 0) {
        yield { from: high, to: upper };
        upper = high;
      }
      yield* (await planWindows(runner, { from: low, to: upper }, filter, cap)).windows;
      upper = low;
      held = 0;
      continue;
    }
    if (held > 0 && held + n > cap) {
      yield { from: high, to: upper };
      upper = high;
      held = 0;
    }
    held += n;
  }
  if (upper > span.from) yield { from: span.from, to: upper };
}
