import { Type } from "@sinclair/typebox";
import { defineQuery, type Query } from "../query.js";
import { allOf, compileFilter } from "../sql/filter.js";
import { always, sql } from "../sql/fragment.js";
import { Num, NumOrNull } from "../sql/row-types.js";
import { inRange, type TimeRange } from "./parts/time-range.js";

/** System resource use over a range, from the system_metric events: mean and peak of each (null without samples). */
export interface ResourceStats {
  samples: number;
  avg_cpu_usage: number | null;
  max_cpu_usage: number | null;
  avg_memory_usage: number | null;
  max_memory_usage: number | null;
  avg_disk_usage: number | null;
  max_disk_usage: number | null;
}

const Row = Type.Object({
  n: Num,
  cpu_avg: NumOrNull,
  cpu_max: NumOrNull,
  memory_avg: NumOrNull,
  memory_max: NumOrNull,
  disk_avg: NumOrNull,
  disk_max: NumOrNull,
});

/** One row: mean and peak CPU, memory and disk use of the range's system metrics, in one scan. */
export function resourceStats(spec: TimeRange): Query<ResourceStats> {
  return defineQuery({
    name: "resource-stats",
    row: Row,
    statement: (d) => sql`SELECT count(*) AS n,
        ${d.avgIf(sql`cpu_usage`, always)} AS cpu_avg, ${d.maxIf(sql`cpu_usage`, always)} AS cpu_max,
        ${d.avgIf(sql`memory_usage`, always)} AS memory_avg, ${d.maxIf(sql`memory_usage`, always)} AS memory_max,
        ${d.avgIf(sql`disk_usage`, always)} AS disk_avg, ${d.maxIf(sql`disk_usage`, always)} AS disk_max
        FROM events
        WHERE ${compileFilter(allOf(inRange(spec), { field: "event_type", op: "eq", value: "system_metric" }), d)}`,
    map: (r) => ({
      samples: r.n,
      avg_cpu_usage: r.cpu_avg,
      max_cpu_usage: r.cpu_max,
      avg_memory_usage: r.memory_avg,
      max_memory_usage: r.memory_max,
      avg_disk_usage: r.disk_avg,
      max_disk_usage: r.disk_max,
    }),
  });
}
