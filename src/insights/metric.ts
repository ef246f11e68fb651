import type { TimeSpan } from "../model/period.js";
import type { Store } from "../store/port.js";
import type { BucketAggregate } from "../store/queries/bucket-aggregates.js";
import type { Bucketing } from "../store/queries/time-series.js";
import type { Filter } from "../store/sql/filter.js";

export interface Point {
  /** Start of the bucket, epoch ms UTC. */
  t: number;
  value: number | null;
}

/**
 * Reads one metric's buckets that hold events over a span (absent buckets are filled by the
 * catalogue); `only` narrows the events read (an alert rule's breakdown value).
 */
export type MetricFetch = (store: Store, span: TimeSpan, bucket: Bucketing, only?: Filter) => Promise<Point[]>;

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

/**
 * A metric read from per-bucket aggregates (counts, sums, distinct counts, each with its own filter):
 * several such metrics share one bucket-aggregates scan (the summary reads them all at once).
 */
export interface ScanDef {
  aggregates: Record<string, BucketAggregate>;
  /** The bucket's value from its aggregates, by name. */
  read(values: Record<string, number | null>): number | null;
}
