import assert from "node:assert/strict";
import type { EventRecord } from "../../../src/model/event.js";
import type { PriceRecord } from "../../../src/store/port/prices.js";
import {
  addPricedUsage,
  type CostKey,
  type PricedUsage,
  pricedUsage,
} from "../../../src/store/queries/priced-usage.js";
import { at, DST_SPAN } from "./analytics-fixture.js";
import type { QueryCase } from "./case.js";
import { calendarStart, fieldOf, inSpan, numpyPercentile } from "./oracle.js";

const price = (id: string, model: string, input: number, output: number, from: string): PriceRecord => ({
  id,
  model,
  input_per_1k: input,
  output_per_1k: output,
  currency: "USD",
  effective_from: at(from),
  created_at: 0,
});

/** m-a's first price, then a correction from 2026-03-08T12:00Z; m-b and runs without a model have none. */
const FIRST = price("p1", "m-a", 2, 4, "2026-03-01T00:00:00Z");
const CORRECTED = price("p2", "m-a", 1, 3, "2026-03-08T12:00:00Z");
/** A price of another model taking effect after the span: never in effect for these runs. */
const LATER = price("p3", "m-b", 100, 100, "2026-03-20T00:00:00Z");

function priceAt(prices: readonly PriceRecord[], model: string | null, ts: number): PriceRecord | null {
  const fit = prices.filter((p) => p.model === model && p.effective_from <= ts);
  return fit.sort((a, b) => b.effective_from - a.effective_from)[0] ?? null;
}

function oracle(
  events: readonly EventRecord[],
  by: CostKey | null,
  prices: readonly PriceRecord[],
  span: { from: number; to: number } = DST_SPAN,
): PricedUsage[] {
  const runs = inSpan(events, span).filter((e) => e.event_type === "cognitive_process");
  const keyOf = (e: EventRecord) =>
    by === null ? null : by === "day" ? calendarStart(e.timestamp, "day", "America/New_York") : fieldOf(e, by);
  const groups = new Map<string | number | null, EventRecord[]>();
  for (const e of runs) groups.set(keyOf(e) as string | number | null, [...(groups.get(keyOf(e) as string) ?? []), e]);
  const rows = [...groups.entries()].map(([key, xs]) => {
    let cost: number | null = null;
    let self = 0;
    let table = 0;
    let pricedTokens = 0;
    for (const e of xs) {
      const tin = (fieldOf(e, "input_tokens") as number | null) ?? 0;
      const tout = (fieldOf(e, "output_tokens") as number | null) ?? 0;
      const sent = fieldOf(e, "cost") as number | null;
      const p = priceAt(prices, fieldOf(e, "model") as string | null, e.timestamp);
      const c = sent ?? (p ? (tin * p.input_per_1k + tout * p.output_per_1k) / 1000 : null);
      if (sent !== null) self += 1;
      else if (p) table += 1;
      if (c !== null) {
        cost = (cost ?? 0) + c;
        pricedTokens += tin + tout;
      }
    }
    const sum = (f: string) => xs.reduce((a, e) => a + ((fieldOf(e, f) as number | null) ?? 0), 0);
    const times = xs.map((e) => fieldOf(e, "processing_time") as number);
    return {
      key,
      runs: xs.length,
      successes: xs.filter((e) => e.data.success === true).length,
      input_tokens: sum("input_tokens"),
      output_tokens: sum("output_tokens"),
      cost,
      self_priced_runs: self,
      table_priced_runs: table,
      unpriced_runs: xs.length - self - table,
      priced_tokens: pricedTokens,
      p50_processing_time: numpyPercentile(times, 0.5),
      p95_processing_time: numpyPercentile(times, 0.95),
    };
  });
  const cmp = (a: string | number | null, b: string | number | null) =>
    a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;
  return rows.sort((a, b) => (by === "day" ? cmp(a.key, b.key) : b.runs - a.runs || cmp(a.key, b.key)));
}

const ask = (by: CostKey | null, prices: readonly PriceRecord[]) =>
  pricedUsage({ ...DST_SPAN, by, timeZone: "America/New_York", prices });

export const cases: QueryCase[] = [
  {
    title: "runs priced at query time: sent cost wins, the price in effect at each run's time, unpriced counted",
    async run(same, events) {
      const prices = [FIRST, CORRECTED, LATER];
      for (const by of [null, "model", "membrane_type", "user_id", "day"] as const) {
        await same(`by ${by ?? "nothing"}`, ask(by, prices), oracle(events, by, prices));
      }
      // Runs i = 0..34; a sent cost of 0.25·(i % 4) unless i % 4 = 0 (26 runs, 12.75 in all). The
      // 9 others: i = 0, 12, 24 of m-a (i % 3 = 0); 4, 16, 28 of m-b; 8, 20, 32 without a model.
      // m-a's run 0 (before 12:00 on the 8th) pays 2/1k in, 4/1k out for 0 in, 0 out tokens: 0;
      // run 12 (corrected) 50 in, 6 out: (50·1 + 6·3)/1000 = 0.068; run 24: 30 in, 12 out: 0.066.
      const [all] = await same("overall", ask(null, prices), oracle(events, null, prices));
      assert.equal(all?.runs, 35);
      assert.equal(all?.self_priced_runs, 26);
      assert.equal(all?.table_priced_runs, 3);
      assert.equal(all?.unpriced_runs, 6);
      assert.equal(Number(all?.cost?.toFixed(9)), 12.884);
    },
  },
  {
    title: "a corrected price re-prices the past; without any price only sent costs count",
    async run(same, events) {
      const [before] = await same("first price only", ask(null, [FIRST]), oracle(events, null, [FIRST]));
      // Runs 12 and 24 at 2/1k and 4/1k: (100 + 24)/1000 + (60 + 48)/1000 = 0.232.
      assert.equal(Number(before?.cost?.toFixed(9)), 12.982);
      const [none] = await same("no prices", ask(null, []), oracle(events, null, []));
      assert.equal(none?.cost, 12.75);
      assert.equal(none?.unpriced_runs, 9);
    },
  },
  {
    title: "narrowed by a filter, without the latency percentiles",
    async run(same, events) {
      const prices = [FIRST, CORRECTED, LATER];
      const memory = events.filter((e) => e.data.membrane_type === "memory");
      for (const by of [null, "model"] as const) {
        const q = pricedUsage({
          ...DST_SPAN,
          by,
          prices,
          filter: { field: "membrane_type", op: "eq", value: "memory" },
          latency: false,
        });
        const expected = oracle(memory, by, prices).map((r) => ({
          ...r,
          p50_processing_time: null,
          p95_processing_time: null,
        }));
        await same(`memory runs by ${by ?? "nothing"}`, q, expected);
      }
    },
  },
  {
    title: "per hour, the price table as of each run: the hours' rows added up are the whole range's",
    async run(same, events) {
      const prices = [FIRST, CORRECTED, LATER];
      const HOUR = 3_600_000;
      const noLatency = (r: PricedUsage) => ({ ...r, p50_processing_time: null, p95_processing_time: null });
      for (const by of [null, "model", "user_id"] as const) {
        const expected = [];
        for (let h = Math.floor(DST_SPAN.from / HOUR) * HOUR; h < DST_SPAN.to; h += HOUR) {
          const hour = { from: Math.max(h, DST_SPAN.from), to: Math.min(h + HOUR, DST_SPAN.to) };
          expected.push(...oracle(events, by, prices, hour).map((r) => ({ bucket_start: h, ...noLatency(r) })));
        }
        const q = pricedUsage({ ...DST_SPAN, by, prices, latency: false, bucket: { widthMs: HOUR } });
        const hours = await same(`by ${by ?? "nothing"}, per hour`, q, expected);
        assert.ok(hours.length > 10, `${hours.length} hours`);
        const whole = oracle(events, by, prices).map(noLatency);
        assert.deepEqual(
          addPricedUsage(hours, by).map((r) => ({ ...r, cost: r.cost === null ? null : Number(r.cost.toFixed(9)) })),
          whole.map((r) => ({ ...r, cost: r.cost === null ? null : Number(r.cost.toFixed(9)) })),
        );
      }
      // Nothing in the range: the ungrouped answer is still one row of zeros.
      assert.deepEqual(
        addPricedUsage([], null).map((r) => [r.key, r.runs, r.input_tokens, r.cost, r.unpriced_runs]),
        [[null, 0, 0, null, 0]],
      );
    },
  },
];
