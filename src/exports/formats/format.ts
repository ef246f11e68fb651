import type { Table } from "../table.js";

export type FormatName = "json" | "ndjson" | "csv" | "xml" | "parquet";

export interface WriteOptions {
  /** JSON only: the rows come wrapped as `{"metadata": …, "rows": […]}`. */
  metadata?: Record<string, unknown>;
  /** The XML root element's `type` attribute (what was exported). */
  type?: string;
}

/** One export format: its media type, file extension and writer of a table's bytes. */
export interface ExportFormat {
  readonly name: FormatName;
  readonly contentType: string;
  readonly extension: string;
  /** The table as bytes or text, produced as the reader pulls (back-pressure reaches the rows). */
  write(table: Table, options: WriteOptions): AsyncIterable<string | Uint8Array>;
  /**
   * The last words of a stream an error cut short after it began: a line a reader can recognise
   * (text formats); the stream is then ended abnormally anyway (docs/exports.md, "Errors").
   */
  failure(message: string): string;
}
