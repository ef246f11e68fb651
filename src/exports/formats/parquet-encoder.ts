/**
 * The Parquet encoder's worker (parquet.ts starts one per export): batches of column values in,
 * each answered with the bytes they completed; `end` answers the file's last bytes.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Column } from "../table.js";
import { ParquetFile } from "./parquet-file.js";
import type { ColumnValues } from "./parquet-group.js";

/** What the export thread sends. */
export type EncoderRequest = { batch: ColumnValues } | { end: true };
/** What the encoder answers, once per request. */
export interface EncoderReply {
  chunks: Uint8Array[];
}
export interface EncoderData {
  columns: Column[];
  rowGroup: number;
}

const port = parentPort;
if (port) {
  const { columns, rowGroup } = workerData as EncoderData;
  const file = new ParquetFile(columns, rowGroup);
  port.on("message", (request: EncoderRequest) => {
    const chunks = "batch" in request ? file.add(request.batch) : file.finish();
    const reply: EncoderReply = { chunks };
    // The bytes move to the export thread rather than being copied.
    port.postMessage(
      reply,
      chunks.map((c) => c.buffer as ArrayBuffer),
    );
  });
}
