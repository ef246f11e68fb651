import type { Store } from "../store/port.js";
import { allOf } from "../store/sql/filter.js";
import type { MetricFetch } from "./metric.js";
import { readTimeSeries } from "./series-reads.js";

/**
 * Cost per bucket: the sum of the costs runs sent. Runs that sent none add nothing. The price
 * table (issue 15 part 4) replaces this with priced cost: this function is the one to swap.
 */
export const sentCostSeries: MetricFetch = async (store: Store, span, bucket, only) =>
  (
    await readTimeSeries(store, {
      ...span,
      bucket,
      measure: { fn: "sum", field: "cost" },
      filter: allOf({ field: "event_type", op: "eq", value: "cognitive_process" }, only),
    })
  ).map((p) => ({ t: p.bucket_start, value: p.value }));
