import { Type } from "@sinclair/typebox";
import { ValidationError } from "../../errors.js";
import type { PriceRecord } from "../port/prices.js";
import { defineQuery, type Query } from "../query.js";
import type { Dialect } from "../sql/dialect.js";
import { allOf, compileFilter, type Filter } from "../sql/filter.js";
import { always, empty, type Fragment, join, sql } from "../sql/fragment.js";
import { Num, NumOrNull } from "../sql/row-types.js";
import { bucketStart } from "./parts/bucket-start.js";
import { inRange, type TimeRange } from "./parts/time-range.js";
import type { Bucketing } from "./time-series.js";

export type CostKey = "model" | "membrane_type" | "user_id" | "day";
export const COST_KEYS: readonly CostKey[] = ["model", "membrane_type", "user_id", "day"];

export interface PricedUsage {
  /** With `bucket`: the start of the group's time bucket (epoch ms). */
  bucket_start?: number;
  /** The group's model, membrane type or user (null for runs without one), or its day's start (epoch ms); null when not grouped. */
  key: string | number | null;
  runs: number;
  successes: number;
  input_tokens: number;
  output_tokens: number;
  /** Sent costs plus table prices; null when no run of the group is priced either way. */
  cost: number | null;
  /** Runs that sent their own cost (it wins over the table). */
  self_priced_runs: number;
  /** Runs without a sent cost that the price table priced. */
  table_priced_runs: number;
  /** Runs with neither: counted, never priced as 0. */
  unpriced_runs: number;
  /** Input + output tokens of the priced runs (either way): what `cost` pays for. */
  priced_tokens: number;
  p50_processing_time: number | null;
  p95_processing_time: number | null;
}

const Row = Type.Object({
  bucket_start: Type.Optional(Num),
  group_key: Type.Union([Type.String(), Type.Number(), Type.BigInt(), Type.Null()]),
  runs: Num,
  successes: Num,
  input_sum: NumOrNull,
  output_sum: NumOrNull,
  cost_sum: NumOrNull,
  self_priced: Num,
  table_priced: Num,
  priced_tokens_sum: NumOrNull,
  p50: NumOrNull,
  p95: NumOrNull,
});

/**
 * The price per 1,000 tokens in effect at each run's time, as SQL: for the run's model, the price
 * with the latest `effective_from` ≤ ts; NULL when the model has none then. Written as a CASE over
 * the (small) price table's rows, bound as values, newest first per model. Neither a join nor
 * ASOF: ClickHouse 18.16's JOIN matches on equality only and has no ASOF, and a join on model
 * with the range in WHERE would multiply each run by its model's prices before picking one.
 */
function priceInEffect(prices: readonly PriceRecord[], side: "input_per_1k" | "output_per_1k"): Fragment {
  const newestFirst = [...prices].sort((a, b) => b.effective_from - a.effective_from || (a.id < b.id ? 1 : -1));
  const whens = newestFirst.map((p) => sql`WHEN model = ${p.model} AND ts >= ${p.effective_from} THEN ${p[side]}`);
  // A WHEN that never holds keeps the CASE well-formed (and Float64) with an empty table.
  return sql`(CASE WHEN 1 = 0 THEN ${0.5} ${join(whens, " ")} ELSE NULL END)`;
}

function groupKey(by: CostKey | null, d: Dialect, timeZone: string): Fragment {
  if (by === null) return sql`NULL`;
  if (by === "day") return d.calendarBucket(sql`ts`, "day", timeZone);
  return by === "model" ? sql`model` : by === "membrane_type" ? sql`membrane_type` : sql`user_id`;
}

/**
 * Cognitive runs over a range, grouped by model, membrane, user or day (in `timeZone`), priced at
 * query time: a sent `cost` wins; otherwise tokens × the price in effect at the run's time; runs
 * with neither are counted as unpriced. Processing-time p50/p95 by numpy's linear rule (unless
 * `latency: false`). `filter` narrows the runs (a dashboard's page filters).
 */
export function pricedUsage(
  spec: TimeRange & {
    by: CostKey | null;
    timeZone?: string;
    prices: readonly PriceRecord[];
    filter?: Filter;
    /** false: leave the processing-time percentiles out (NULL), which cost the most to compute. */
    latency?: boolean;
    /** Groups per time bucket as well (what the bucket cache keeps), oldest bucket first. */
    bucket?: Bucketing;
  },
): Query<PricedUsage> {
  if (spec.by !== null && !COST_KEYS.includes(spec.by)) {
    throw new ValidationError("Invalid query", [{ field: "by", message: `must be one of ${COST_KEYS.join(", ")}` }]);
  }
  const timeZone = spec.timeZone ?? "UTC";
  return defineQuery({
    name: "priced-usage",
    row: Row,
    statement(d) {
      const tokensIn = sql`coalesce(input_tokens, 0)`;
      const tokensOut = sql`coalesce(output_tokens, 0)`;
      const tablePrice = priceInEffect(spec.prices, "input_per_1k");
      const tableCost = sql`(${tokensIn} * ${tablePrice} + ${tokensOut} * ${priceInEffect(spec.prices, "output_per_1k")}) / 1000`;
      const runCost = sql`coalesce(cost, ${tableCost})`;
      const b = spec.bucket;
      const start = b && bucketStart(b, d);
      const byKey = spec.by === "day" ? sql`group_key` : sql`runs DESC, group_key`;
      const grouped = start
        ? sql`GROUP BY bucket_start, group_key ORDER BY bucket_start, ${byKey}`
        : spec.by === null
          ? empty
          : sql`GROUP BY group_key ORDER BY ${byKey}`;
      return sql`SELECT ${start ? sql`${start} AS bucket_start, ` : empty}${groupKey(spec.by, d, timeZone)} AS group_key,
        count(*) AS runs,
        ${d.countIf(sql`coalesce(success, ${false}) = ${true}`)} AS successes,
        ${d.sumIf(sql`input_tokens`, always)} AS input_sum,
        ${d.sumIf(sql`output_tokens`, always)} AS output_sum,
        ${d.sumIf(runCost, always)} AS cost_sum,
        ${d.countIf(sql`cost IS NOT NULL`)} AS self_priced,
        ${d.countIf(sql`cost IS NULL AND ${tablePrice} IS NOT NULL`)} AS table_priced,
        ${d.sumIf(sql`${tokensIn} + ${tokensOut}`, sql`${runCost} IS NOT NULL`)} AS priced_tokens_sum,
        ${spec.latency === false ? sql`NULL` : d.percentileIf(sql`processing_time`, 0.5, always)} AS p50,
        ${spec.latency === false ? sql`NULL` : d.percentileIf(sql`processing_time`, 0.95, always)} AS p95
        FROM events
        WHERE ${compileFilter(allOf(inRange(spec), { field: "event_type", op: "eq", value: "cognitive_process" }, spec.filter), d)}
        ${grouped}`;
    },
    map: (r) => ({
      ...(r.bucket_start === undefined ? {} : { bucket_start: r.bucket_start }),
      key: r.group_key === null ? null : spec.by === "day" ? Number(r.group_key) : String(r.group_key),
      runs: r.runs,
      successes: r.successes,
      input_tokens: r.input_sum ?? 0,
      output_tokens: r.output_sum ?? 0,
      cost: r.cost_sum,
      self_priced_runs: r.self_priced,
      table_priced_runs: r.table_priced,
      unpriced_runs: r.runs - r.self_priced - r.table_priced,
      priced_tokens: r.priced_tokens_sum ?? 0,
      p50_processing_time: r.p50,
      p95_processing_time: r.p95,
    }),
  });
}

/**
 * Rows of buckets added up per group, as one read of the whole range answers them: sums and
 * counts added (a cost stays null until some run is priced), the largest groups first (days in
 * order), one row even when there were none if the query is not grouped. The percentiles do not
 * add up: read per bucket with `latency: false`.
 */
export function addPricedUsage(rows: readonly PricedUsage[], by: CostKey | null): PricedUsage[] {
  const groups = new Map<string | number | null, PricedUsage>();
  if (by === null) groups.set(null, { ...NO_RUNS });
  for (const r of rows) {
    const g = groups.get(r.key);
    if (!g) {
      const { bucket_start: _, ...own } = r;
      groups.set(r.key, own);
      continue;
    }
    g.runs += r.runs;
    g.successes += r.successes;
    g.input_tokens += r.input_tokens;
    g.output_tokens += r.output_tokens;
    g.cost = g.cost === null ? r.cost : r.cost === null ? g.cost : g.cost + r.cost;
    g.self_priced_runs += r.self_priced_runs;
    g.table_priced_runs += r.table_priced_runs;
    g.unpriced_runs += r.unpriced_runs;
    g.priced_tokens += r.priced_tokens;
  }
  const out = [...groups.values()];
  const key = (a: PricedUsage, b: PricedUsage) =>
    a.key === b.key ? 0 : a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : 1;
  return out.sort(by === "day" ? key : (a, b) => b.runs - a.runs || key(a, b));
}

const NO_RUNS: PricedUsage = {
  key: null,
  runs: 0,
  successes: 0,
  input_tokens: 0,
  output_tokens: 0,
  cost: null,
  self_priced_runs: 0,
  table_priced_runs: 0,
  unpriced_runs: 0,
  priced_tokens: 0,
  p50_processing_time: null,
  p95_processing_time: null,
};
