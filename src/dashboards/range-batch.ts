import type { TimeSpan } from "../model/period.js";
import { rangeTotals } from "../store/cache/range-totals.js";
import type { QueryRunner } from "../store/port/query-runner.js";
import type { ValueMeasure } from "../store/queries/parts/value-measure.js";
import { type RangeMeasure, rangeMeasures } from "../store/queries/range-measures.js";
import type { Filter } from "../store/sql/filter.js";
import { aggregatesOf, combined, isAdditive } from "./measure-aggregates.js";

interface Ask extends RangeMeasure {
  resolve(v: number | null): void;
  reject(err: unknown): void;
}

/**
 * The number tiles of one dashboard answer read together: every figure asked for the same span
 * before the next turn of the event loop is one read of hourly totals (counts, sums, means, shares)
 * and one range-measures scan for the rest (distinct counts, percentiles), each with its own filter.
 * If the shared scan fails, each figure is asked alone, so one bad tile fails alone.
 */
export class RangeBatch {
  private readonly pending = new Map<string, { span: TimeSpan; asks: Ask[] }>();

  constructor(private readonly runner: QueryRunner) {}

  value(span: TimeSpan, measure: ValueMeasure, filter: Filter | undefined): Promise<number | null> {
    const key = `${span.from}/${span.to}`;
    let batch = this.pending.get(key);
    if (!batch) {
      batch = { span, asks: [] };
      this.pending.set(key, batch);
      setImmediate(() => void this.flush(key));
    }
    const asks = batch.asks;
    return new Promise((resolve, reject) => asks.push({ measure, filter, resolve, reject }));
  }

  private async flush(key: string): Promise<void> {
    const batch = this.pending.get(key);
    this.pending.delete(key);
    if (!batch) return;
    try {
      const values = await this.ask(batch.span, batch.asks);
      for (const [i, a] of batch.asks.entries()) a.resolve(values[i] ?? null);
    } catch (err) {
      if (batch.asks.length === 1) {
        batch.asks[0]?.reject(err);
        return;
      }
      await Promise.all(
        batch.asks.map((a) =>
          this.ask(batch.span, [a]).then(
            ([v]) => a.resolve(v ?? null),
            (e: unknown) => a.reject(e),
          ),
        ),
      );
    }
  }

  /** Counts, sums, means and shares add up from the span's hours (kept once closed); the rest is one scan. */
  private async ask(span: TimeSpan, asks: readonly Ask[]): Promise<Array<number | null>> {
    const additive = asks.flatMap((a, i) => (isAdditive(a.measure) ? [i] : []));
    const scanned = asks.flatMap((a, i) => (isAdditive(a.measure) ? [] : [i]));
    const out: Array<number | null> = asks.map(() => null);
    await Promise.all([
      (async () => {
        if (!additive.length) return;
        const all = combined(additive.map((i) => aggregatesOf((asks[i] as Ask).measure, (asks[i] as Ask).filter)));
        const totals = await rangeTotals(this.runner, { ...span, aggregates: all.aggregates });
        all.values(totals).forEach((v, k) => {
          out[additive[k] as number] = v;
        });
      })(),
      (async () => {
        if (!scanned.length) return;
        const measures = Object.fromEntries(scanned.map((i) => [`m${i}`, asks[i] as RangeMeasure]));
        const [row] = await this.runner.run(rangeMeasures({ ...span, measures }));
        for (const i of scanned) out[i] = row?.[`m${i}`] ?? null;
      })(),
    ]);
    return out;
  }
}
