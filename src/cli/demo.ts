import { resolve } from "node:path";
import { SingleBar } from "cli-progress";
import type { Config } from "../config/config.js";
import { runDemo } from "../demo/run-demo.js";
import { AnalyticsService } from "../service.js";

const MINUTE = 60_000;

export interface DemoCommandOptions {
  users: number;
  seed: number;
  /** End of the generated day (epoch ms); default now, rounded down to the minute. */
  end?: number;
}

/**
 * `dte-analytics demo`: a realistic day of traffic through the library into the configured store.
 * Event ids derive from the seed and the end minute, so running it twice in one minute adds nothing.
 */
export async function demo(config: Config, options: DemoCommandOptions): Promise<void> {
  const end = options.end ?? Math.floor(Date.now() / MINUTE) * MINUTE;
  const service = new AnalyticsService(config, { loaded: true });
  await service.start();
  const bar = new SingleBar({
    format: "Generating a day of traffic |{bar}| {percentage}% | {value}/{total} events",
    hideCursor: true,
  });
  try {
    const result = await runDemo(service, {
      seed: options.seed,
      users: options.users,
      end,
      onProgress: (done, total) => (done === 0 ? bar.start(total, 0) : bar.update(done)),
    });
    bar.stop();
    console.log("Storing…");
    await service.stop();
    console.log(
      `Stored ${result.events} events from ${result.users} users in ${result.sessions} sessions ` +
        `(${new Date(end - 24 * 60 * MINUTE).toISOString()} to ${new Date(end).toISOString()}) in ${resolve(config.dataDirectory)}.`,
    );
    console.log("Start the server on the same data directory to explore it: dte-analytics serve");
  } catch (err) {
    bar.stop();
    await service.stop();
    throw err;
  }
}
