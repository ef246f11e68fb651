import type { WriteJournal } from "../cache/write-journal.js";
import type { Query } from "../query.js";

/** Every read: a named query from src/store/queries/, run on whichever engine this is. */
export interface QueryRunner {
  /** All the answer's rows. */
  run<R>(query: Query<R>): Promise<R[]>;
  /**
   * The rows as the engine produces them, a chunk at a time, in bounded memory (exports of tens
   * of millions of rows). Stopping the iteration early cancels the query.
   */
  stream<R>(query: Query<R>): AsyncIterable<R>;
  /**
   * Set by a store that is its data's only writer (embedded DuckDB): the slots its writes changed,
   * so the bucket cache need not scan for them. Absent where other nodes write too (ClickHouse).
   */
  readonly journal?: WriteJournal;
}

/** The one row of a query that answers one row or none (one session, the store's stats). */
export async function runOne<R>(runner: QueryRunner, query: Query<R>): Promise<R | null> {
  return (await runner.run(query))[0] ?? null;
}
