import { on } from "node:events";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Table } from "../table.js";
import type { ExportFormat } from "./format.js";
import type { EncoderData, EncoderReply, EncoderRequest } from "./parquet-encoder.js";
import { RowBatch } from "./parquet-group.js";

/** Rows per row group: one group's values are all the encoder holds, so memory stays flat however long the export. */
export const PARQUET_ROW_GROUP = 8192;
/** Rows sent to the encoder at a time: a batch leaves this thread before it can age into V8's old generation. */
const BATCH_ROWS = 512;
/** Batches sent before waiting for the encoder's answers: enough to keep it busy, few enough that little waits. */
const AHEAD = 8;
/**
 * The encoder's V8 heap. A row group lives long enough to reach the old generation, and V8 lets
 * an old generation grow to several times what is live before it collects, so in the server's
 * own heap each export left ~150 MB of written groups behind (docs/exports.md, "Memory"). A
 * small young generation and an old one capped at 1 GiB (room for a row group of large events)
 * make the encoder's heap collect as it goes.
 */
const ENCODER_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 1024 };

/** The encoder's worker: the compiled parquet-encoder.js, or its .ts when the sources run through tsx (tests). */
function startEncoder(data: EncoderData): Worker {
  const file = new URL(`./parquet-encoder${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
  const options = { workerData: data, resourceLimits: ENCODER_LIMITS };
  if (!file.pathname.endsWith(".ts")) return new Worker(file, options);
  // A worker does not inherit tsx's loader: it registers it before loading the encoder.
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const source = `import(${tsx}).then((m) => m.register()).then(() => import(${JSON.stringify(file.href)}))`;
  return new Worker(source, { ...options, eval: true });
}

/**
 * The rows are taken apart into batches of column values here and encoded in a worker thread,
 * which answers each batch with the bytes of the row groups it completed.
 */
async function* bytes(table: Table): AsyncGenerator<Uint8Array> {
  const worker = startEncoder({ columns: [...table.columns], rowGroup: PARQUET_ROW_GROUP });
  // Rejects with the worker's error (an exception, or its heap exhausted) if it fails.
  const replies = on(worker, "message");
  let unanswered = 0;
  const send = (request: EncoderRequest) => {
    worker.postMessage(request);
    unanswered += 1;
  };
  async function* answers(allowed: number): AsyncGenerator<Uint8Array> {
    for (; unanswered > allowed; unanswered -= 1) {
      const { value } = await replies.next();
      yield* (value as [EncoderReply])[0].chunks;
    }
  }
  try {
    const batch = new RowBatch(table.columns, BATCH_ROWS);
    // An empty batch first: the leading magic bytes leave before any row is read.
    send({ batch: batch.take() });
    yield* answers(0);
    for await (const row of table.rows) {
      if (batch.add(row)) {
        send({ batch: batch.take() });
        yield* answers(AHEAD);
      }
    }
    if (batch.size) send({ batch: batch.take() });
    send({ end: true });
    yield* answers(0);
  } finally {
    await replies.return?.();
    await worker.terminate();
  }
}

/** Apache Parquet, typed columns (times as TIMESTAMP_MILLIS, nested data as JSON), written row group by row group. */
export const parquet: ExportFormat = {
  name: "parquet",
  contentType: "application/vnd.apache.parquet",
  extension: "parquet",
  write: (table) => bytes(table),
  // A Parquet file is only readable from its footer, which a cut stream never gets: nothing to add.
  failure: () => "",
};
