import type { TimeSpan } from "../model/period.js";
import type { Store } from "../store/port.js";
import type { Bucketing } from "../store/queries/time-series.js";

export interface Point {
  /** Start of the bucket, epoch ms UTC. */
  t: number;
  value: number | null;
}

/** Reads one metric's buckets that hold events over a span (absent buckets are filled by the catalogue). */
export type MetricFetch = (store: Store, span: TimeSpan, bucket: Bucketing) => Promise<Point[]>;

export interface MetricDef {
  unit: string;
  description: string;
  /**
   * How an empty bucket reads: a count or a sum of nothing is 0; a mean or a rate of nothing is
   * a gap (null), not 0.
   */
  empty: 0 | null;
  fetch: MetricFetch;
}
