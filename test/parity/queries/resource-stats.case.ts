import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { type ResourceStats, resourceStats } from "../../../src/store/queries/resource-stats.js";
import { T0 } from "../store-contract.js";
import { CPU_HOUR } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { fieldOf, inSpan } from "./oracle.js";

function oracle(events: readonly EventRecord[], r: { from: number; to: number }): ResourceStats {
  const metrics = inSpan(events, r).filter((e) => e.event_type === "system_metric");
  const of = (f: string) => metrics.map((e) => fieldOf(e, f)).filter((v): v is number => typeof v === "number");
  const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const max = (xs: number[]) => (xs.length ? Math.max(...xs) : null);
  return {
    samples: metrics.length,
    avg_cpu_usage: avg(of("cpu_usage")),
    max_cpu_usage: max(of("cpu_usage")),
    avg_memory_usage: avg(of("memory_usage")),
    max_memory_usage: max(of("memory_usage")),
    avg_disk_usage: avg(of("disk_usage")),
    max_disk_usage: max(of("disk_usage")),
  };
}

export const cases: QueryCase[] = [
  {
    title: "mean and peak CPU, memory and disk use of the system metrics of a range",
    async run(same, events) {
      const feb = { from: T0, to: T0 + 86_400_000 };
      await same("the shared fixture", resourceStats(feb), [oracle(events, feb)]);
      const [hour] = await same("cpu 1..20", resourceStats(CPU_HOUR), [oracle(events, CPU_HOUR)]);
      assert.deepEqual(hour, {
        samples: 20,
        avg_cpu_usage: 10.5,
        max_cpu_usage: 20,
        avg_memory_usage: 50,
        max_memory_usage: 50,
        avg_disk_usage: 10,
        max_disk_usage: 10,
      });
      const empty = { from: CPU_HOUR.to + 3_600_000, to: CPU_HOUR.to + 7_200_000 };
      const [none] = await same("no metrics", resourceStats(empty), [oracle(events, empty)]);
      assert.equal(none?.samples, 0);
      assert.equal(none?.max_cpu_usage, null);
    },
  },
];
