import { ValidationError } from "../errors.js";
import type { ValueMeasure } from "../store/queries/parts/value-measure.js";
import type { Filter } from "../store/sql/filter.js";
import type { LEGACY_METRICS, Measure } from "./api-schemas.js";

export type Better = "lower" | "higher" | null;

/** A widget's measure as the compiler reads it: the query layer's measure, how to show it, what an empty bucket is. */
export interface ResolvedMeasure {
  /** The series' or tile's name. */
  name: string;
  /** `cost` is priced at query time (a sent cost, else the price book), not summed from the column. */
  priced: boolean;
  value: ValueMeasure;
  unit: string;
  better: Better;
  /** An empty bucket: 0 for counts and sums, a gap (null) for means, percentiles and rates. */
  empty: 0 | null;
}

const PERCENTILE: Record<string, number> = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 };
const UNIT: Record<string, string> = {
  response_time: "ms",
  processing_time: "ms",
  input_tokens: "tokens",
  output_tokens: "tokens",
  cost: "cost",
  status_code: "",
  cpu_usage: "%",
  memory_usage: "%",
  disk_usage: "%",
};
/** Lower is better for time, cost and resource use; tokens and status codes are neutral. */
const LOWER_IS_BETTER = new Set([
  "response_time",
  "processing_time",
  "cost",
  "cpu_usage",
  "memory_usage",
  "disk_usage",
]);

const invalid = (field: string, message: string) => new ValidationError("Invalid widget", [{ field, message }]);

/** The measure checked and resolved; `where` names it in errors (`widgets.2.configuration.measure`). */
export function resolveMeasure(m: Measure, where: string): ResolvedMeasure {
  const own = (better: Better) => (m.better === undefined ? better : m.better);
  if (m.fn === "count" || m.fn === "unique_users") {
    if (m.field !== undefined) throw invalid(`${where}.field`, `${m.fn} takes no field`);
    const users = m.fn === "unique_users";
    return {
      name: m.label ?? (users ? "users" : "events"),
      priced: false,
      value: users ? { fn: "distinct", field: "user_id" } : { fn: "count" },
      unit: users ? "users" : "events",
      better: own(users ? "higher" : null),
      empty: 0,
    };
  }
  if (m.fn === "rate") {
    if (m.rate === undefined) throw invalid(`${where}.rate`, "is required: the filter whose share (%) is shown");
    return {
      name: m.label ?? "rate",
      priced: false,
      value: { fn: "share", of: m.rate },
      unit: "%",
      better: own(null),
      empty: null,
    };
  }
  if (m.field === undefined) throw invalid(`${where}.field`, `is required for ${m.fn}`);
  const field = m.field;
  const better = own(LOWER_IS_BETTER.has(field) ? "lower" : null);
  const name = m.label ?? `${m.fn} ${field}`;
  const unit = UNIT[field] ?? "";
  if (m.fn === "sum") {
    return { name, priced: field === "cost", value: { fn: "sum", field }, unit, better, empty: 0 };
  }
  if (field === "cost") throw invalid(`${where}.fn`, "cost is summed (sum), as the price book prices it");
  if (m.fn === "avg") return { name, priced: false, value: { fn: "avg", field }, unit, better, empty: null };
  return {
    name,
    priced: false,
    value: { fn: "percentile", field, p: PERCENTILE[m.fn] as number },
    unit,
    better,
    empty: null,
  };
}

/** What a count of one event type counts. */
const COUNTED: Record<string, string> = {
  api_request: "requests",
  cognitive_process: "runs",
  error: "errors",
  user_action: "actions",
  session_start: "sessions",
  system_metric: "readings",
};

/** A count names what it counts where the widget's filter holds one event type: "1,445 runs", not "events". */
export function countingUnit(m: ResolvedMeasure, filter: Filter | undefined): ResolvedMeasure {
  if (m.value.fn !== "count" || m.unit !== "events" || filter === undefined) return m;
  const parts = "and" in filter ? filter.and : [filter];
  const type = parts.find((f) => "field" in f && f.field === "event_type" && f.op === "eq");
  const unit = type && "value" in type ? COUNTED[String(type.value)] : undefined;
  return unit ? { ...m, unit } : m;
}

const API: Filter = { field: "event_type", op: "eq", value: "api_request" };

/**
 * The first version's metric names as measures. Its error_rate divided error events by all events;
 * here it is the catalogue's rule: failed operations (error events and 5xx answers) per 100 API
 * requests and error events.
 */
export function legacyMeasure(metric: (typeof LEGACY_METRICS)[number]): { measure: Measure; filter?: Filter } {
  switch (metric) {
    case "event_count":
      return { measure: { fn: "count" } };
    case "unique_users":
      return { measure: { fn: "unique_users" } };
    case "avg_response_time":
      return { measure: { fn: "avg", field: "response_time", label: "avg response_time" }, filter: API };
    case "error_rate":
      return {
        measure: {
          fn: "rate",
          label: "error rate",
          better: "lower",
          rate: {
            or: [
              { field: "event_type", op: "eq", value: "error" },
              { field: "status_code", op: "gte", value: 500 },
            ],
          },
        },
        filter: { field: "event_type", op: "in", value: ["api_request", "error"] },
      };
  }
}
