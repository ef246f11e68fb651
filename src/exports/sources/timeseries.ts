import type { Series } from "../../insights/series.js";
import type { Column, Row } from "../table.js";

export const SERIES_COLUMNS: readonly Column[] = [
  { name: "timestamp", type: "timestamp" },
  { name: "metric", type: "string" },
  { name: "unit", type: "string" },
  { name: "value", type: "number" },
];

/** Every bucket of the series, oldest first: `timestamp` is the bucket's start, empty buckets as the metric reads them. */
export function seriesRows(s: Series): Row[] {
  return s.points.map((p) => ({ timestamp: p.t, metric: s.metric, unit: s.unit, value: p.value }));
}
