/**
 * A model's price per 1,000 input and per 1,000 output tokens from `effective_from` on (epoch ms),
 * until the model's next price takes effect. The table is small (a few rows per model), so the
 * service reads it whole and each cost query carries it (src/store/queries/priced-usage.ts).
 */
export interface PriceRecord {
  id: string;
  model: string;
  input_per_1k: number;
  output_per_1k: number;
  currency: string;
  effective_from: number;
  created_at: number;
}

/** The price table, on every node alike: kept in the store. */
export interface PriceStore {
  insertPrice(price: PriceRecord): Promise<void>;
  /** Every price, by model, then effective_from, then id. */
  listPrices(): Promise<PriceRecord[]>;
  /** Removes a price; false when there is no such price. */
  deletePrice(id: string): Promise<boolean>;
}
