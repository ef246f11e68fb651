import { createLogger, type Logger } from "../../src/log/logger.js";

/** A logger at `info` whose JSON lines the test reads back. */
export function capturedLogger(): { logger: Logger; lines: Array<Record<string, unknown>>; text(): string } {
  const raw: string[] = [];
  const logger = createLogger("info", { write: (line: string) => void raw.push(line) });
  return {
    logger,
    get lines() {
      return raw.map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    text: () => raw.join(""),
  };
}
