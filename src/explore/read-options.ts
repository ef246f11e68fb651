/** Anything whose acknowledged events can be waited into the store (the ingestion pipeline). */
export interface Drainable {
  drain(): Promise<void>;
}

/**
 * How fresh a read must be, chosen by each caller. `fresh`: everything acknowledged before the
 * call is in the answer (it waits for the loader); otherwise the store's state as it is, at once.
 */
export interface ReadOptions {
  fresh: boolean;
}
