import type { AuditEntry, AuditRecorder } from "../audit/recorder.js";
import { AppError } from "../errors.js";
import type { Logger } from "../log/logger.js";
import type { ExportFormat, WriteOptions } from "./formats/format.js";
import type { Row, Table } from "./table.js";

export interface Watch {
  audit: AuditRecorder;
  logger: Logger;
  /** The audit entry, completed with the outcome and the rows written once the stream ends. */
  entry: Omit<AuditEntry, "outcome">;
}

async function* counting(rows: AsyncIterable<Row>, seen: () => void): AsyncGenerator<Row> {
  for await (const row of rows) {
    seen();
    yield row;
  }
}

/** What a reader of a cut stream is told: a typed error's own message, else nothing internal. */
function failureMessage(err: unknown): string {
  return err instanceof AppError ? err.message : "the export failed on the server; see its log";
}

/**
 * The format's bytes of the table, started at once: the first chunk is read before this resolves,
 * so a failure at the start (the store unreachable) is still an ordinary HTTP error. Later, an
 * error ends the stream with the format's failure line and then the stream itself fails (an
 * unfinished HTTP body); a reader that stops early cancels the rows' query. Either way the export
 * is audited once, with how many rows it wrote and how it ended.
 */
export async function guarded(
  format: ExportFormat,
  table: Table,
  options: WriteOptions,
  watch: Watch,
): Promise<AsyncIterable<string | Uint8Array>> {
  let rows = 0;
  const chunks = format
    .write({ columns: table.columns, rows: counting(table.rows, () => rows++) }, options)
    [Symbol.asyncIterator]();
  const record = (outcome: AuditEntry["outcome"], details: Record<string, unknown>) =>
    watch.audit
      .record({ ...watch.entry, outcome, details: { ...watch.entry.details, rows, ...details } })
      .catch((err: unknown) => watch.logger.error({ err }, "audit of an export failed"));
  let first: IteratorResult<string | Uint8Array>;
  try {
    first = await chunks.next();
  } catch (err) {
    await record("failed", { error: (err as Error).message });
    throw err;
  }
  return (async function* () {
    let ended: { outcome: AuditEntry["outcome"]; details: Record<string, unknown> } = {
      outcome: "failed",
      details: { error: "cancelled: the client stopped reading" },
    };
    try {
      for (let next = first; !next.done; next = await chunks.next()) yield next.value;
      ended = { outcome: "ok", details: {} };
    } catch (err) {
      ended = { outcome: "failed", details: { error: (err as Error).message } };
      watch.logger.error({ err, export: watch.entry.action, rows }, "export failed after it began");
      const last = format.failure(failureMessage(err));
      if (last) yield last;
      throw err;
    } finally {
      // Stopping the format's writer stops the rows' iteration, which cancels their query.
      if (ended.outcome !== "ok") await chunks.return?.();
      await record(ended.outcome, ended.details);
    }
  })();
}
