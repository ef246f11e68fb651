import { type LevelWithSilent, type Logger as PinoLogger, pino } from "pino";

/**
 * The one structured logger (pino, the logger Fastify itself uses): the HTTP server, the loader,
 * retention and slow queries all write through it, as JSON lines on standard output.
 */
export type Logger = PinoLogger;

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number] & LevelWithSilent;

/** Never written out, wherever they appear in a logged object: API keys and credentials. */
const REDACT = [
  "req.headers.authorization",
  "req.headers.cookie",
  "headers.authorization",
  "headers.cookie",
  "*.key",
  "*.password",
];

export function createLogger(level: LogLevel): Logger {
  return pino({ level, redact: { paths: REDACT, censor: "[redacted]" } });
}

/** For tests and library use without logging. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
