import { type DestinationStream, type LevelWithSilent, type Logger as PinoLogger, pino } from "pino";

/**
 * The one structured logger (pino, the logger Fastify itself uses): the HTTP server, the loader,
 * retention and slow queries all write through it, as JSON lines (on standard output unless told otherwise).
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
  "*.smtpPassword",
  "smtpPassword",
];

/** `destination` is where the lines go: standard output by default; tests read them from a stream. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACT, censor: "[redacted]" } };
  return destination ? pino(options, destination) : pino(options);
}

/** For tests and library use without logging. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
