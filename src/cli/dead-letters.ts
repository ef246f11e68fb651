import type { Config } from "../config/config.js";
import { DeadLetters, deadLetterDirectory } from "../ingest/dead-letters.js";
import { AnalyticsService } from "../service.js";

/**
 * `dte-analytics dead-letters`: how many events the store refused, why, and when. Reads the files
 * only, so it is safe while the server runs.
 */
export async function listDeadLetters(config: Config, print: (line: string) => void = console.log): Promise<void> {
  const letters = await DeadLetters.open(deadLetterDirectory(config.dataDirectory));
  const s = await letters.summary();
  if (!s.count) {
    print(`No dead letters in ${letters.dir}.`);
    return;
  }
  print(`${s.count} dead letter${s.count === 1 ? "" : "s"} in ${letters.dir}, first ${s.first}, last ${s.last}.`);
  print("Reasons:");
  for (const r of s.reasons) print(`  ${r.count} × ${r.reason}`);
  print("Once the cause is fixed, re-ingest them with: dte-analytics dead-letters replay");
}

/**
 * `dte-analytics dead-letters replay`: re-ingests every dead letter through the durable log (same
 * event ids, so a repeated replay stores nothing twice), removes them, and stores them; any the store
 * refuses again become dead letters again. It opens the data directory's log and store, so the
 * server on this data directory must be stopped.
 */
export async function replayDeadLetters(config: Config, print: (line: string) => void = console.log): Promise<void> {
  const service = new AnalyticsService(config, { loaded: true });
  await service.start();
  let replayed: number;
  try {
    replayed = await service.pipeline.deadLetters.replay((events) => service.pipeline.ingest(events));
  } finally {
    await service.stop();
  }
  const left = (await DeadLetters.open(deadLetterDirectory(config.dataDirectory))).count();
  print(
    `Replayed ${replayed} dead letter${replayed === 1 ? "" : "s"}: ${replayed - left} stored, ${left} refused again.`,
  );
  if (left) print("See why with: dte-analytics dead-letters");
}
