import { ValidationError } from "../../../errors.js";
import type { Filter } from "../../sql/filter.js";

/** A half-open span of event time, epoch ms: `from` inclusive, `to` exclusive. */
export interface TimeRange {
  from: number;
  to: number;
}

/**
 * The time bound every analytics query carries: both engines skip the data outside it (DuckDB's
 * row-group min/max on `ts`, ClickHouse's sorting key and monthly partitions).
 */
export function inRange(r: TimeRange): Filter {
  if (!Number.isFinite(r.from) || !Number.isFinite(r.to) || r.from > r.to) {
    throw new ValidationError("Invalid query", [{ field: "range", message: "needs finite from ≤ to (epoch ms)" }]);
  }
  return {
    and: [
      { field: "timestamp", op: "gte", value: r.from },
      { field: "timestamp", op: "lt", value: r.to },
    ],
  };
}
