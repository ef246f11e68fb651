import type { Store } from "../store/port.js";
import { timeSeries } from "../store/queries/time-series.js";
import type { MetricFetch } from "./metric.js";

/**
 * Cost per bucket: the sum of the costs runs sent. Runs that sent none add nothing. The price
 * table (issue 15 part 4) replaces this with priced cost: this function is the one to swap.
 */
export const sentCostSeries: MetricFetch = async (store: Store, span, bucket) =>
  (
    await store.run(
      timeSeries({
        ...span,
        bucket,
        measure: { fn: "sum", field: "cost" },
        filter: { field: "event_type", op: "eq", value: "cognitive_process" },
      }),
    )
  ).map((p) => ({ t: p.bucket_start, value: p.value }));
