/** Figure 1: the library facade, `trackBatch` of 1,000-event batches, in this process. */
import { AnalyticsService, type BatchEvent } from "../../src/service.js";
import { statsOf } from "../../test/helpers/store-reads.js";
import { camelEvent, eventList } from "./events.js";

const DRAIN_TIMEOUT_MS = 600_000;

export interface LibraryResult {
  /** One caller awaiting each batch's durable acknowledgement before sending the next. */
  sequentialAck: number;
  /** `concurrency` callers at once (group commit shares fsyncs between them). */
  concurrentAck: number;
  /** Events per second from the first call until all of them are in DuckDB (ack + drain). */
  endToEnd: number;
  drainMs: number;
  stored: number;
  expected: number;
}

/** Calls trackBatch until `events` are acknowledged, with `callers` in flight; returns seconds. */
async function feed(service: AnalyticsService, batches: BatchEvent[][], events: number): Promise<number> {
  const size = batches[0]?.length ?? 1;
  const total = Math.ceil(events / size);
  let next = 0;
  const t = performance.now();
  await Promise.all(
    batches.map(async (batch) => {
      while (next < total) {
        next += 1;
        const r = await service.trackBatch(batch);
        if (r.rejected.length) throw new Error(`trackBatch rejected ${r.rejected.length} events`);
      }
    }),
  );
  return (performance.now() - t) / 1000;
}

export async function libraryRun(
  dataDirectory: string,
  adminKey: string,
  o: { events: number; batchSize: number; concurrency: number },
): Promise<LibraryResult> {
  const service = new AnalyticsService({ dataDirectory, adminKey });
  await service.start();
  try {
    // Events are built once and reused: the product gives each one a fresh event_id.
    const batches = Array.from(
      { length: o.concurrency },
      (_, k) => eventList(k * o.batchSize, o.batchSize, camelEvent) as BatchEvent[],
    );
    const seqSeconds = await feed(service, batches.slice(0, 1), o.events);
    await service.pipeline.drain(DRAIN_TIMEOUT_MS);

    const t = performance.now();
    const concSeconds = await feed(service, batches, o.events);
    const acked = performance.now();
    await service.pipeline.drain(DRAIN_TIMEOUT_MS);
    const drained = performance.now();
    const per = Math.ceil(o.events / o.batchSize) * o.batchSize;
    return {
      sequentialAck: per / seqSeconds,
      concurrentAck: per / concSeconds,
      endToEnd: per / ((drained - t) / 1000),
      drainMs: drained - acked,
      stored: (await statsOf(service.store)).total_events,
      expected: 2 * per,
    };
  } finally {
    await service.stop();
  }
}
