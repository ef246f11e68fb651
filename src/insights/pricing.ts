import { randomUUID } from "node:crypto";
import { type Static, Type } from "@sinclair/typebox";
import { ConflictError, NotFoundError, ValidationError } from "../errors.js";
import { wellFormedString } from "../model/strings.js";
import { timeSchema, toEpochMs } from "../model/time.js";
import type { PriceRecord, PriceStore } from "../store/port/prices.js";

const perThousand = (side: string) =>
  Type.Number({ minimum: 0, maximum: 1_000_000, description: `Price per 1,000 ${side} tokens` });

/** A new price, as the API and the library take it. */
export const PriceInput = Type.Object(
  {
    model: wellFormedString({ minLength: 1, maxLength: 200, description: "The model, as runs name it" }),
    input_per_1k: perThousand("input"),
    output_per_1k: perThousand("output"),
    effective_from: timeSchema("When the price takes effect"),
    currency: Type.Optional(
      Type.String({ pattern: "^[A-Z]{3}$", description: "ISO 4217 code (default USD); one currency per table" }),
    ),
  },
  { additionalProperties: false },
);
export type PriceInput = Static<typeof PriceInput>;

/** A price as the API shows it: times in ISO 8601. */
export interface PriceView {
  id: string;
  model: string;
  input_per_1k: number;
  output_per_1k: number;
  currency: string;
  effective_from: string;
  created_at: string;
}

export const DEFAULT_CURRENCY = "USD";

/** The table's currency: that of its prices (one for all), or the default while it is empty. */
export function currencyOf(prices: readonly PriceRecord[]): string {
  return prices[0]?.currency ?? DEFAULT_CURRENCY;
}

export function priceView(p: PriceRecord): PriceView {
  return {
    ...p,
    effective_from: new Date(p.effective_from).toISOString(),
    created_at: new Date(p.created_at).toISOString(),
  };
}

/**
 * The price table: each model's prices, each from its date on. Costs are summed across models,
 * so the table holds one currency; a model has at most one price per date, so "the price in effect"
 * is never ambiguous (a correction for the same date replaces the old price by deleting it first).
 */
export class PriceBook {
  constructor(
    private readonly store: PriceStore,
    private readonly now: () => number = Date.now,
  ) {}

  list(): Promise<PriceRecord[]> {
    return this.store.listPrices();
  }

  async add(input: PriceInput): Promise<PriceRecord> {
    const effective = toEpochMs(input.effective_from);
    if (!Number.isFinite(effective)) {
      throw new ValidationError("Invalid price", [{ field: "effective_from", message: "is not a time" }]);
    }
    const currency = input.currency ?? DEFAULT_CURRENCY;
    const existing = await this.store.listPrices();
    const other = existing.find((p) => p.currency !== currency);
    if (other) {
      throw new ValidationError("Invalid price", [
        { field: "currency", message: `the price table is in ${other.currency}; costs are summed in one currency` },
      ]);
    }
    if (existing.some((p) => p.model === input.model && p.effective_from === effective)) {
      throw new ConflictError(
        `model '${input.model}' already has a price from ${new Date(effective).toISOString()}; delete it first`,
      );
    }
    const price: PriceRecord = {
      id: randomUUID(),
      model: input.model,
      input_per_1k: input.input_per_1k,
      output_per_1k: input.output_per_1k,
      currency,
      effective_from: effective,
      created_at: this.now(),
    };
    await this.store.insertPrice(price);
    return price;
  }

  async remove(id: string): Promise<void> {
    if (!(await this.store.deletePrice(id))) throw new NotFoundError("price not found");
  }
}
