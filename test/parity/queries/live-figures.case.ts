import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import { type LiveFigures, liveFigures } from "../../../src/store/queries/live-figures.js";
import { T0 } from "../store-contract.js";
import type { QueryCase } from "./case.js";
import { fieldOf, inSpan, numpyPercentile } from "./oracle.js";

function oracle(events: readonly EventRecord[], r: { from: number; to: number }): LiveFigures {
  const xs = inSpan(events, r);
  const api = xs.filter((e) => e.event_type === "api_request");
  const cog = xs.filter((e) => e.event_type === "cognitive_process");
  const nums = (ys: EventRecord[], f: string) =>
    ys.map((e) => fieldOf(e, f)).filter((v): v is number => typeof v === "number");
  const sum = (vs: number[]) => (vs.length ? vs.reduce((a, b) => a + b, 0) : null);
  const mean = (vs: number[]) => (vs.length ? (sum(vs) as number) / vs.length : null);
  const rt = nums(api, "response_time");
  const pt = nums(cog, "processing_time");
  return {
    api_requests: api.length,
    server_errors: api.filter((e) => (fieldOf(e, "status_code") as number) >= 500).length,
    response_samples: rt.length,
    response_avg: mean(rt),
    response_p50: numpyPercentile(rt, 0.5),
    response_p95: numpyPercentile(rt, 0.95),
    response_p99: numpyPercentile(rt, 0.99),
    cognitive_successes: cog.filter((e) => e.data.success === true).length,
    processing_samples: pt.length,
    processing_avg: mean(pt),
    processing_p95: numpyPercentile(pt, 0.95),
    input_tokens: sum(nums(cog, "input_tokens")),
    output_tokens: sum(nums(cog, "output_tokens")),
  };
}

export const cases: QueryCase[] = [
  {
    title: "API requests, 5xx, response-time and cognitive figures over a window; an empty window",
    async run(same, events) {
      const feb = { from: T0, to: T0 + 4 * 3_600_000 };
      const [all] = await same("february", liveFigures(feb), [oracle(events, feb)]);
      assert.ok(all);
      assert.equal(all.api_requests, 44);
      const hour = { from: T0, to: T0 + 3_600_000 };
      await same("first hour", liveFigures(hour), [oracle(events, hour)]);
      const empty = { from: 0, to: 1 };
      const [none] = await same("empty", liveFigures(empty), [oracle(events, empty)]);
      assert.deepEqual(none, {
        api_requests: 0,
        server_errors: 0,
        response_samples: 0,
        response_avg: null,
        response_p50: null,
        response_p95: null,
        response_p99: null,
        cognitive_successes: 0,
        processing_samples: 0,
        processing_avg: null,
        processing_p95: null,
        input_tokens: null,
        output_tokens: null,
      });
    },
  },
];
