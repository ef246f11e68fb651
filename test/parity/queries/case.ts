import type { EventRecord } from "../../../src/model/event.js";
import type { Query } from "../../../src/store/query.js";

/**
 * A parity case for one query file in src/store/queries/ (test/parity/queries/<file>.case.ts):
 * it asks both engines through `same`, which asserts that DuckDB, ClickHouse and the case's
 * plain-TypeScript oracle all give the same rows, and pins worked values of its own.
 */
export type Same = <R>(what: string, query: Query<R>, expected: R[]) => Promise<R[]>;

export interface QueryCase {
  /** What it checks, shown as the test's name. */
  title: string;
  run(same: Same, events: readonly EventRecord[]): Promise<void>;
}
