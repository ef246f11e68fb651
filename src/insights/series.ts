import { ValidationError } from "../errors.js";
import type { TimeSpan } from "../model/period.js";
import type { Store } from "../store/port.js";
import type { Bucketing } from "../store/queries/time-series.js";
import { allOf, type Filter } from "../store/sql/filter.js";
import { type BucketSize, bucketing, bucketStarts, DAY_MS, HOUR_MS } from "./buckets.js";
import type { MetricDef, MetricFetch, Point, ScanDef } from "./metric.js";
import { sentCostSeries } from "./sent-cost-series.js";
import { readBucketAggregates, readTimeSeries } from "./series-reads.js";

const ofType = (t: string): Filter => ({ field: "event_type", op: "eq", value: t });
const API = ofType("api_request");
const RUNS = ofType("cognitive_process");

/** A mean of a numeric field over events of one type. */
function meanOf(field: string, filter: Filter): MetricFetch {
  return async (store, span, bucket, only) =>
    (await readTimeSeries(store, { ...span, bucket, measure: { fn: "avg", field }, filter: allOf(filter, only) })).map(
      (p) => ({
        t: p.bucket_start,
        value: p.value,
      }),
    );
}

/** Metrics read from per-bucket aggregates; the aggregates of several share one scan (scanSeries). */
const SCANS = {
  events: { aggregates: { n: { fn: "count" } }, read: (v) => v.n ?? 0 },
  active_users: { aggregates: { users: { fn: "distinct", field: "user_id" } }, read: (v) => v.users ?? 0 },
  /**
   * Failed operations per 100: an API request is an operation that failed when it answered 5xx; an
   * error event is a failed operation of its own. So (error events + 5xx) / (requests + error events)
   * × 100, between 0 and 100; a bucket with neither is a gap.
   */
  error_rate: {
    aggregates: {
      requests: { fn: "count", filter: API },
      server_errors: { fn: "count", filter: { and: [API, { field: "status_code", op: "gte", value: 500 }] } },
      errors: { fn: "count", filter: ofType("error") },
    },
    read: (v) => {
      const { requests = 0, server_errors = 0, errors = 0 } = v as Record<string, number>;
      return requests + errors > 0 ? ((errors + server_errors) / (requests + errors)) * 100 : null;
    },
  },
  tokens: {
    aggregates: {
      input: { fn: "sum", field: "input_tokens", filter: RUNS },
      output: { fn: "sum", field: "output_tokens", filter: RUNS },
    },
    read: (v) => (v.input ?? 0) + (v.output ?? 0),
  },
} satisfies Record<string, ScanDef>;

/** One bucket-aggregates scan for several metrics: each aggregate named `<metric index>_<its name>`. */
async function scan(
  store: Store,
  defs: ReadonlyArray<ScanDef>,
  span: TimeSpan,
  bucket: Bucketing,
  only?: Filter,
): Promise<Point[][]> {
  const aggregates = Object.fromEntries(
    defs.flatMap((d, i) => Object.entries(d.aggregates).map(([name, a]) => [`m${i}_${name}`, a])),
  );
  const rows = await readBucketAggregates(store, { ...span, bucket, aggregates, filter: only });
  return defs.map((d, i) => {
    const prefix = `m${i}_`;
    return rows.map((r) => {
      const own = Object.entries(r.values).filter(([k]) => k.startsWith(prefix));
      return { t: r.bucket_start, value: d.read(Object.fromEntries(own.map(([k, v]) => [k.slice(prefix.length), v]))) };
    });
  });
}

const scanned =
  (def: ScanDef): MetricFetch =>
  async (store, span, bucket, only) =>
    (await scan(store, [def], span, bucket, only))[0] as Point[];

/** The metric series catalogue: every series trends, forecasts, anomalies (and alerts) can read. */
export const METRICS = {
  events: {
    unit: "events",
    description: "Events stored per bucket, every type",
    empty: 0,
    fetch: scanned(SCANS.events),
    scan: SCANS.events,
  },
  active_users: {
    unit: "users",
    description: "Distinct user ids seen in the bucket",
    empty: 0,
    fetch: scanned(SCANS.active_users),
    scan: SCANS.active_users,
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
    fetch: scanned(SCANS.error_rate),
    scan: SCANS.error_rate,
  },
  cognitive_latency: {
    unit: "ms",
    description: "Mean processing_time of cognitive runs",
    empty: null,
    fetch: meanOf("processing_time", RUNS),
  },
  tokens: {
    unit: "tokens",
    description: "Input plus output tokens of cognitive runs",
    empty: 0,
    fetch: scanned(SCANS.tokens),
    scan: SCANS.tokens,
  },
  cost: { unit: "cost", description: "Sum of the costs cognitive runs sent", empty: 0, fetch: sentCostSeries },
} satisfies Record<string, MetricDef & { scan?: ScanDef }>;

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

function checkMetric(metric: string): asserts metric is MetricName {
  if (!isMetric(metric)) {
    throw new ValidationError("Invalid query", [
      { field: "metric", message: `unknown metric '${metric}'; known: ${METRIC_NAMES.join(", ")}` },
    ]);
  }
}

/** Every bucket meeting the span from the buckets that held events (the rest read the metric's empty value). */
function complete(
  metric: MetricName,
  found: readonly Point[],
  span: TimeSpan & { timeZone: string },
  bucket: BucketSize,
): Series {
  const def: MetricDef = METRICS[metric];
  const values = new Map(found.map((p) => [p.t, p.value]));
  return {
    metric,
    unit: def.unit,
    bucket,
    bucket_ms: bucket === "hour" ? HOUR_MS : DAY_MS,
    points: bucketStarts(span, bucket, span.timeZone).map((t) => ({ t, value: values.get(t) ?? def.empty })),
  };
}

/** A metric's series over a span, every bucket present. */
export async function series(
  store: Store,
  metric: string,
  span: TimeSpan & { timeZone: string },
  bucket: BucketSize,
): Promise<Series> {
  checkMetric(metric);
  const found = await METRICS[metric].fetch(store, { from: span.from, to: span.to }, bucketing(bucket, span.timeZone));
  return complete(metric, found, span, bucket);
}

/**
 * Several metrics' series over one span, equal to series() of each: the metrics read from aggregates
 * share one scan, the others are read concurrently on their own.
 */
export async function seriesOfMany(
  store: Store,
  metrics: readonly string[],
  span: TimeSpan & { timeZone: string },
  bucket: BucketSize,
): Promise<Series[]> {
  for (const m of metrics) checkMetric(m);
  const names = metrics as MetricName[];
  const range = { from: span.from, to: span.to };
  const b = bucketing(bucket, span.timeZone);
  const scans = names.flatMap((m) => {
    const def: MetricDef & { scan?: ScanDef } = METRICS[m];
    return def.scan ? [{ m, scan: def.scan }] : [];
  });
  const [shared, ...own] = await Promise.all([
    scans.length
      ? scan(
          store,
          scans.map((s) => s.scan),
          range,
          b,
        )
      : Promise.resolve([]),
    ...names.map((m) => (scans.some((s) => s.m === m) ? Promise.resolve(null) : METRICS[m].fetch(store, range, b))),
  ]);
  return names.map((m, i) => {
    const k = scans.findIndex((s) => s.m === m);
    return complete(m, (k >= 0 ? (shared as Point[][])[k] : own[i]) as Point[], span, bucket);
  });
}
