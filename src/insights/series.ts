import { ValidationError } from "../errors.js";
import type { TimeSpan } from "../model/period.js";
import type { Store } from "../store/port.js";
import { bucketAggregates } from "../store/queries/bucket-aggregates.js";
import { timeSeries } from "../store/queries/time-series.js";
import type { Filter } from "../store/sql/filter.js";
import { type BucketSize, bucketing, bucketStarts, DAY_MS, HOUR_MS } from "./buckets.js";
import type { MetricDef, MetricFetch, Point } from "./metric.js";
import { sentCostSeries } from "./sent-cost-series.js";

const ofType = (t: string): Filter => ({ field: "event_type", op: "eq", value: t });
const API = ofType("api_request");
const RUNS = ofType("cognitive_process");

/** A mean of a numeric field over events of one type. */
function meanOf(field: string, filter: Filter): MetricFetch {
  return async (store, span, bucket) =>
    (await store.run(timeSeries({ ...span, bucket, measure: { fn: "avg", field }, filter }))).map((p) => ({
      t: p.bucket_start,
      value: p.value,
    }));
}

const events: MetricFetch = async (store, span, bucket) =>
  (await store.run(timeSeries({ ...span, bucket, measure: { fn: "count" } }))).map((p) => ({
    t: p.bucket_start,
    value: p.value,
  }));

const activeUsers: MetricFetch = async (store, span, bucket) =>
  (
    await store.run(bucketAggregates({ ...span, bucket, aggregates: { users: { fn: "distinct", field: "user_id" } } }))
  ).map((b) => ({ t: b.bucket_start, value: b.values.users ?? 0 }));

/**
 * Failed operations per 100: an API request is an operation that failed when it answered 5xx; an
 * error event is a failed operation of its own. So (error events + 5xx) / (requests + error events)
 * × 100, between 0 and 100; a bucket with neither is a gap.
 */
const errorRate: MetricFetch = async (store, span, bucket) =>
  (
    await store.run(
      bucketAggregates({
        ...span,
        bucket,
        aggregates: {
          requests: { fn: "count", filter: API },
          server_errors: { fn: "count", filter: { and: [API, { field: "status_code", op: "gte", value: 500 }] } },
          errors: { fn: "count", filter: ofType("error") },
        },
      }),
    )
  ).map((b) => {
    const { requests = 0, server_errors = 0, errors = 0 } = b.values as Record<string, number>;
    return {
      t: b.bucket_start,
      value: requests + errors > 0 ? ((errors + server_errors) / (requests + errors)) * 100 : null,
    };
  });

const tokens: MetricFetch = async (store, span, bucket) =>
  (
    await store.run(
      bucketAggregates({
        ...span,
        bucket,
        filter: RUNS,
        aggregates: { input: { fn: "sum", field: "input_tokens" }, output: { fn: "sum", field: "output_tokens" } },
      }),
    )
  ).map((b) => ({ t: b.bucket_start, value: (b.values.input ?? 0) + (b.values.output ?? 0) }));

/** The metric series catalogue: every series trends, forecasts, anomalies (and alerts) can read. */
export const METRICS = {
  events: { unit: "events", description: "Events stored per bucket, every type", empty: 0, fetch: events },
  active_users: {
    unit: "users",
    description: "Distinct user ids seen in the bucket",
    empty: 0,
    fetch: activeUsers,
  },
  response_time: {
    unit: "ms",
    description: "Mean response_time of API requests",
    empty: null,
    fetch: meanOf("response_time", API),
  },
  error_rate: {
    unit: "%",
    description: "Failed operations per 100: (error events + 5xx responses) / (API requests + error events)",
    empty: null,
    fetch: errorRate,
  },
  cognitive_latency: {
    unit: "ms",
    description: "Mean processing_time of cognitive runs",
    empty: null,
    fetch: meanOf("processing_time", RUNS),
  },
  tokens: { unit: "tokens", description: "Input plus output tokens of cognitive runs", empty: 0, fetch: tokens },
  cost: { unit: "cost", description: "Sum of the costs cognitive runs sent", empty: 0, fetch: sentCostSeries },
} satisfies Record<string, MetricDef>;

export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

export function isMetric(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}

export interface Series {
  metric: MetricName;
  unit: string;
  bucket: BucketSize;
  /** Nominal bucket width (a calendar day across DST is 23 or 25 hours). */
  bucket_ms: number;
  /** Every bucket meeting the span, oldest first: empty ones read 0 for counts and sums, null for means and rates. */
  points: Point[];
}

/** A metric's series over a span, every bucket present. */
export async function series(
  store: Store,
  metric: string,
  span: TimeSpan & { timeZone: string },
  bucket: BucketSize,
): Promise<Series> {
  if (!isMetric(metric)) {
    throw new ValidationError("Invalid query", [
      { field: "metric", message: `unknown metric '${metric}'; known: ${METRIC_NAMES.join(", ")}` },
    ]);
  }
  const def: MetricDef = METRICS[metric];
  const found = new Map(
    (await def.fetch(store, { from: span.from, to: span.to }, bucketing(bucket, span.timeZone))).map((p) => [
      p.t,
      p.value,
    ]),
  );
  return {
    metric,
    unit: def.unit,
    bucket,
    bucket_ms: bucket === "hour" ? HOUR_MS : DAY_MS,
    points: bucketStarts(span, bucket, span.timeZone).map((t) => ({ t, value: found.get(t) ?? def.empty })),
  };
}
