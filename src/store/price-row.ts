import type { PriceRecord } from "./port/prices.js";

/** The price table's columns, in both engines' order (ClickHouse adds deleted and version). */
export const PRICE_COLUMNS = "id, model, input_per_1k, output_per_1k, currency, effective_from, created_at";

/** Order of a listing: by model, then effective date, then id. */
export const PRICE_ORDER = "model, effective_from, id";

/** A stored row as a record; both engines may answer 64-bit integers as bigint or text. */
export function toPriceRecord(r: Record<string, unknown>): PriceRecord {
  return {
    id: String(r.id),
    model: String(r.model),
    input_per_1k: Number(r.input_per_1k),
    output_per_1k: Number(r.output_per_1k),
    currency: String(r.currency),
    effective_from: Number(r.effective_from),
    created_at: Number(r.created_at),
  };
}

/** The record's values in PRICE_COLUMNS order. */
export function priceValues(p: PriceRecord): Array<string | number> {
  return [p.id, p.model, p.input_per_1k, p.output_per_1k, p.currency, p.effective_from, p.created_at];
}
