import assert from "node:assert/strict";
import { type KpiFigures, readKpiInputs, type SessionEngagement } from "../../src/insights/kpi-figures.js";
import type { EventRecord } from "../../src/model/event.js";
import { rangePercentile } from "../../src/store/cache/range-percentile.js";
import type { Store } from "../../src/store/port.js";
import type { Query } from "../../src/store/query.js";
import type { Filter } from "../../src/store/sql/filter.js";
import { at, DST_SPAN } from "./queries/analytics-fixture.js";
import { fieldOf, inSpan, numpyPercentile } from "./queries/oracle.js";
import { T0 } from "./store-contract.js";

type KpiInputs = { engagement: SessionEngagement; figures: KpiFigures };
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

function engagementOracle(events: readonly EventRecord[], r: { from: number; to: number }): SessionEngagement {
  const bySession = new Map<string, EventRecord[]>();
  for (const e of inSpan(events, r)) {
    if (e.session_id !== null) bySession.set(e.session_id, [...(bySession.get(e.session_id) ?? []), e]);
  }
  const sessions = [...bySession.values()];
  const times = (xs: EventRecord[]) => xs.map((e) => e.timestamp);
  return {
    sessions: sessions.length,
    events_per_session: mean(
      sessions.map((xs) => xs.filter((e) => e.event_type !== "session_start" && e.event_type !== "session_end").length),
    ),
    session_duration_ms: mean(sessions.map((xs) => Math.max(...times(xs)) - Math.min(...times(xs)))),
    cognitive_per_session: mean(sessions.map((xs) => xs.filter((e) => e.event_type === "cognitive_process").length)),
  };
}

const oracle = (events: readonly EventRecord[], r: { from: number; to: number }): KpiInputs => ({
  engagement: engagementOracle(events, r),
  figures: figuresOracle(events, r),
});

function figuresOracle(events: readonly EventRecord[], r: { from: number; to: number }): KpiFigures {
  const all = inSpan(events, r);
  const of = (t: string) => all.filter((e) => e.event_type === t);
  const nums = (xs: EventRecord[], f: string) =>
    xs.map((e) => fieldOf(e, f)).filter((v): v is number => typeof v === "number");
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

/**
 * The KPIs' inputs (src/insights/kpi-figures.ts: hourly totals through the bucket cache, the
 * sessions' spans, exact percentiles) on both engines against a plain-TypeScript oracle, read twice so the second answer
 * comes from kept hours.
 */
export async function checkKpiInputs(
  same: (what: string, read: (s: Store) => Promise<KpiInputs>, expected: KpiInputs) => Promise<KpiInputs>,
  events: readonly EventRecord[],
): Promise<void> {
  const feb = { from: T0, to: T0 + 86_400_000 };
  await same("the shared fixture", (s) => readKpiInputs(s, feb), oracle(events, feb));
  // Edges off the hour: partial hours at both ends, read fresh, added to the kept ones.
  const march = { from: at("2026-03-01T00:00:00Z") - 1_234, to: DST_SPAN.to + 56_789 };
  for (const read of ["first", "second"]) {
    const { engagement: e, figures: m } = await same(
      `the analytics events, ${read} read`,
      (s) => readKpiInputs(s, march),
      oracle(events, march),
    );
    // cpu 1..20, memory 50, disk 10; six requests of 0, 1, 2, 3, 7, 8 ms (p95 = 7 + 0.75 · 1);
    // runs i = 0..34: 29 succeed; output tokens 3 · (i % 5) sum to 210.
    assert.equal(m.cpu_usage, 10.5);
    assert.equal(m.memory_usage, 50);
    assert.equal(m.disk_usage, 10);
    assert.equal(m.api_requests, 6);
    assert.equal(m.server_errors, 0);
    assert.equal(m.response_time_p95, 7.75);
    assert.equal(m.cognitive_runs, 35);
    assert.equal(m.cognitive_successes, 29);
    assert.equal(m.output_tokens, 210);
    assert.equal(m.processing_ms, 7765);
    // Runs i = 0..34 every 90 minutes in sessions rs-(i % 9): 35 runs (no markers) in 9 sessions,
    // rs-0..rs-7 spanning 27 × 90 min = 40.5 h, rs-8 27 h: the mean span is 39 h.
    assert.deepEqual(e, {
      sessions: 9,
      events_per_session: 35 / 9,
      session_duration_ms: 39 * 3_600_000,
      cognitive_per_session: 35 / 9,
    });
  }
  // No event at all: zeros and nulls.
  const empty = { from: DST_SPAN.to + 86_400_000, to: DST_SPAN.to + 2 * 86_400_000 };
  const { figures: none, engagement: nobody } = await same(
    "an empty range",
    (s) => readKpiInputs(s, empty),
    oracle(events, empty),
  );
  assert.deepEqual([none.api_requests, none.server_errors, none.cognitive_successes], [0, 0, 0]);
  assert.deepEqual([none.response_time_p95, none.cpu_usage, none.output_tokens], [null, null, null]);
  assert.deepEqual(nobody, {
    sessions: 0,
    events_per_session: null,
    session_duration_ms: null,
    cognitive_per_session: null,
  });
}

/**
 * Percentiles from a slice (src/store/cache/range-percentile.ts) equal numpy's over all values, on
 * a store, for ranks at both ends and in between, values of 0 among them; each answered from the
 * slice, never the plain sort, while nothing changes.
 */
export async function checkRangePercentile(store: Store, events: readonly EventRecord[]): Promise<void> {
  const names: string[] = [];
  const watched = {
    run: <R>(q: Query<R>) => {
      names.push(q.name);
      return store.run(q);
    },
    stream: <R>(q: Query<R>) => store.stream(q),
    ...(store.journal ? { journal: store.journal } : {}),
  };
  const march = { from: at("2026-03-01T00:00:00Z") - 1_234, to: DST_SPAN.to + 56_789 };
  for (const [type, field] of [
    ["api_request", "response_time"],
    ["cognitive_process", "processing_time"],
  ] as const) {
    const filter: Filter = { field: "event_type", op: "eq", value: type };
    const values = inSpan(events, march)
      .filter((e) => e.event_type === type)
      .map((e) => fieldOf(e, field))
      .filter((v): v is number => typeof v === "number");
    for (const p of [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1]) {
      const got = await rangePercentile(watched, { ...march, field, p, filter });
      assert.equal(got, numpyPercentile(values, p), `${store.engine}: p${p} of ${field}`);
    }
  }
  // DuckDB journals its writes: the slice's values alone; ClickHouse counts them in the same scan.
  const used = new Set(names.filter((n) => n !== "value-bins" && n !== "bucket-fingerprints"));
  assert.deepEqual([...used], [store.journal ? "slice-values" : "rank-slice"], names.join());
  const empty = { from: DST_SPAN.to + 86_400_000, to: DST_SPAN.to + 2 * 86_400_000 };
  assert.equal(await rangePercentile(watched, { ...empty, field: "response_time", p: 0.5 }), null);
}
