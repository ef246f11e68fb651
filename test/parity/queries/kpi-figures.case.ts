import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { type KpiFigures, kpiFigures } from "../../../src/store/queries/kpi-figures.js";
import { T0 } from "../store-contract.js";
import { at, DST_SPAN } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { fieldOf, inSpan, numpyPercentile } from "./oracle.js";

function oracle(events: readonly EventRecord[], r: { from: number; to: number }): KpiFigures {
  const all = inSpan(events, r);
  const of = (t: string) => all.filter((e) => e.event_type === t);
  const nums = (xs: EventRecord[], f: string) =>
    xs.map((e) => fieldOf(e, f)).filter((v): v is number => typeof v === "number");
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const total = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) : null);
  const api = of("api_request");
  const metrics = of("system_metric");
  const runs = of("cognitive_process");
  const timed = runs.filter(
    (e) => typeof fieldOf(e, "output_tokens") === "number" && typeof fieldOf(e, "processing_time") === "number",
  );
  return {
    api_requests: api.length,
    server_errors: api.filter((e) => (fieldOf(e, "status_code") as number) >= 500).length,
    error_events: of("error").length,
    response_time_p95: numpyPercentile(nums(api, "response_time"), 0.95),
    cpu_usage: mean(nums(metrics, "cpu_usage")),
    memory_usage: mean(nums(metrics, "memory_usage")),
    disk_usage: mean(nums(metrics, "disk_usage")),
    cognitive_runs: runs.length,
    cognitive_successes: runs.filter((e) => e.data.success === true).length,
    processing_time_p50: numpyPercentile(nums(runs, "processing_time"), 0.5),
    output_tokens: total(nums(timed, "output_tokens")),
    processing_ms: total(nums(timed, "processing_time")),
  };
}

export const cases: QueryCase[] = [
  {
    title: "requests, 5xx, error events, response p95, resource use and AI runs over a range",
    async run(same, events) {
      const feb = { from: T0, to: T0 + 86_400_000 };
      await same("the shared fixture", kpiFigures(feb), [oracle(events, feb)]);
      const march = { from: at("2026-03-01T00:00:00Z"), to: DST_SPAN.to };
      const [m] = await same("the analytics events", kpiFigures(march), [oracle(events, march)]);
      // cpu 1..20, memory 50, disk 10; six requests of 0, 1, 2, 3, 7, 8 ms (p95 = 7 + 0.75 · 1);
      // runs i = 0..34: 29 succeed; output tokens 3 · (i % 5) sum to 210.
      assert.equal(m?.cpu_usage, 10.5);
      assert.equal(m?.memory_usage, 50);
      assert.equal(m?.disk_usage, 10);
      assert.equal(m?.api_requests, 6);
      assert.equal(m?.server_errors, 0);
      assert.equal(m?.response_time_p95, 7.75);
      assert.equal(m?.cognitive_runs, 35);
      assert.equal(m?.cognitive_successes, 29);
      assert.equal(m?.output_tokens, 210);
      assert.equal(m?.processing_ms, 7765);
      // No event at all: zeros and nulls (ClickHouse 18.16 typed the 5xx and success counts Nullable here).
      const empty = { from: DST_SPAN.to + 86_400_000, to: DST_SPAN.to + 2 * 86_400_000 };
      const [none] = await same("an empty range", kpiFigures(empty), [oracle(events, empty)]);
      assert.deepEqual([none?.api_requests, none?.server_errors, none?.cognitive_successes], [0, 0, 0]);
    },
  },
];
