import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { type RequestStats, requestStats } from "../../../src/store/queries/request-stats.js";
import { T0 } from "../store-contract.js";
import { MEDIAN_HOUR } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { fieldOf, inSpan, numpyPercentile, tally } from "./oracle.js";

function stats(endpoint: string | null, xs: EventRecord[]): RequestStats {
  const status = (e: EventRecord) => fieldOf(e, "status_code") as number;
  const times = xs.map((e) => fieldOf(e, "response_time")).filter((v): v is number => typeof v === "number");
  return {
    endpoint,
    requests: xs.length,
    client_errors: xs.filter((e) => status(e) >= 400 && status(e) < 500).length,
    server_errors: xs.filter((e) => status(e) >= 500).length,
    timed: times.length,
    avg_response_time: times.length ? times.reduce((a, b) => a + b, 0) / times.length : null,
    p50_response_time: numpyPercentile(times, 0.5),
    p95_response_time: numpyPercentile(times, 0.95),
    p99_response_time: numpyPercentile(times, 0.99),
  };
}

function oracle(events: readonly EventRecord[], r: { from: number; to: number }, byEndpoint: boolean): RequestStats[] {
  const api = inSpan(events, r).filter((e) => e.event_type === "api_request");
  if (!byEndpoint) return [stats(null, api)];
  const endpointOf = (e: EventRecord) => fieldOf(e, "endpoint") as string | null;
  return [...tally(api.map(endpointOf)).entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] === null ? 1 : b[0] === null ? -1 : a[0] < b[0] ? -1 : 1))
    .map(([k]) =>
      stats(
        k,
        api.filter((e) => endpointOf(e) === k),
      ),
    );
}

export const cases: QueryCase[] = [
  {
    title: "API requests in total and per endpoint: 4xx, 5xx, mean and p50/p95/p99 response time",
    async run(same, events) {
      const feb = { from: T0, to: T0 + 86_400_000 };
      for (const byEndpoint of [false, true]) {
        await same(
          `the shared fixture, by endpoint ${byEndpoint}`,
          requestStats({ ...feb, byEndpoint }),
          oracle(events, feb, byEndpoint),
        );
      }
      // Six requests of 0, 1, 2, 3, 7 and 8 ms: mean 3.5, p50 2.5, p95 7 + 0.75, p99 7 + 0.95.
      const [all] = await same(
        "0..3, 7, 8 ms",
        requestStats({ ...MEDIAN_HOUR, byEndpoint: false }),
        oracle(events, MEDIAN_HOUR, false),
      );
      assert.deepEqual(all, {
        endpoint: null,
        requests: 6,
        client_errors: 0,
        server_errors: 0,
        timed: 6,
        avg_response_time: 3.5,
        p50_response_time: 2.5,
        p95_response_time: 7.75,
        p99_response_time: 7.95,
      });
      const rows = await same(
        "per endpoint",
        requestStats({ ...MEDIAN_HOUR, byEndpoint: true }),
        oracle(events, MEDIAN_HOUR, true),
      );
      assert.deepEqual(
        rows.map((r) => [r.endpoint, r.requests, r.p50_response_time]),
        [
          ["/median", 4, 1.5],
          ["/100%_off", 1, 7],
          ["/100xoff", 1, 8],
        ],
      );
      const empty = { from: MEDIAN_HOUR.to, to: MEDIAN_HOUR.to + 1000 };
      const [none] = await same(
        "an empty range",
        requestStats({ ...empty, byEndpoint: false }),
        oracle(events, empty, false),
      );
      assert.equal(none?.requests, 0);
      assert.equal(none?.p95_response_time, null);
    },
  },
];
