import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { SingleBar } from "cli-progress";
import { type Command, Option } from "commander";
import { EXPORT_TYPES } from "../exports/api-schemas.js";
import { FORMAT_NAMES } from "../exports/formats/index.js";
import { REPORT_TYPES } from "../reports/produce.js";
import { ApiClient, ApiRequestError, clientOptions, withClientOptions } from "./client.js";
import { RowCounter } from "./row-counter.js";

export interface ExportOptions {
  format?: string;
  hours?: string;
  from?: string;
  to?: string;
  tz?: string;
  eventType?: string;
  userId?: string;
  sessionId?: string;
  status?: string;
  metric?: string;
  interval?: string;
  metadata?: boolean;
  out?: string;
  /** true: always show the bar; false: never; undefined: when stderr is a terminal. */
  progress?: boolean;
  url?: string;
  key?: string;
}

/** `reports/<type>` exports a report's tables; anything else is an export type of its own. */
function exportPath(type: string): string {
  const report = /^reports?\/(.+)$/.exec(type);
  return report?.[1]
    ? `/api/analytics/export/reports/${encodeURIComponent(report[1])}`
    : `/api/analytics/export/${encodeURIComponent(type)}`;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Writes with back-pressure: the next chunk is read from the server once the file took this one. */
async function write(out: NodeJS.WritableStream | WriteStream, chunk: Uint8Array): Promise<void> {
  if (!out.write(chunk)) await once(out, "drain");
}

/**
 * `dte-analytics export <type>`: an export from a running server (GET /api/analytics/export/…),
 * streamed to `--out` (written as `<file>.partial`, renamed once complete) or to stdout, with a
 * progress bar on stderr. An export the server cut short is an error, and no file is left behind.
 */
export async function exportCommand(type: string, o: ExportOptions): Promise<{ rows: number | null; bytes: number }> {
  const format = o.format ?? "json";
  const client = new ApiClient(clientOptions(o));
  const res = await client.get(exportPath(type), {
    format,
    hours: o.hours,
    from: o.from,
    to: o.to,
    tz: o.tz,
    event_type: o.eventType,
    user_id: o.userId,
    session_id: o.sessionId,
    status: o.status,
    metric: o.metric,
    interval: o.interval,
    metadata: o.metadata ? "true" : undefined,
  });
  const expected = res.headers.get("x-export-rows");
  const counter = new RowCounter(format);
  const show = o.progress ?? process.stderr.isTTY === true;
  const bar = new SingleBar({
    format:
      expected !== null && counter.rows !== null
        ? `Exporting ${type} |{bar}| {percentage}% | {value}/{total} rows | {written}`
        : `Exporting ${type} | {value} rows | {written}`,
    hideCursor: true,
    noTTYOutput: show,
  });
  if (show) bar.start(Number(expected ?? 0), 0, { written: mb(0) });
  const partial = o.out === undefined ? null : `${o.out}.partial`;
  const out = partial ? createWriteStream(partial) : process.stdout;
  let bytes = 0;
  try {
    if (!res.body) throw new ApiRequestError("the server sent no body", res.status);
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      counter.add(chunk);
      bytes += chunk.byteLength;
      await write(out, chunk);
      if (show) bar.update(counter.rows ?? 0, { written: mb(bytes) });
    }
    if (partial && o.out) {
      await new Promise<void>((resolve, reject) =>
        (out as WriteStream).end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
      await rename(partial, o.out);
    }
  } catch (err) {
    if (partial) {
      (out as WriteStream).destroy();
      await rm(partial, { force: true });
    }
    if (err instanceof ApiRequestError) throw err;
    // The body ended without its last chunk: the server hit an error after it began (docs/exports.md).
    throw new ApiRequestError(`the export stopped before its end (${(err as Error).message})`, res.status);
  } finally {
    if (show) bar.stop();
  }
  return { rows: counter.rows, bytes };
}

export function registerExportCommand(program: Command): void {
  withClientOptions(
    program
      .command("export")
      .description("Stream an export from a running server to --out or stdout, with a progress bar on stderr")
      .argument("<type>", `${EXPORT_TYPES.join(", ")}, or reports/<${REPORT_TYPES.join("|")}>`),
  )
    .addOption(new Option("--format <format>", "output format").choices(FORMAT_NAMES).default("json"))
    .option("--hours <n>", "the last n hours (default 24)")
    .option("--from <time>", "start of the period, ISO 8601 or epoch ms")
    .option("--to <time>", "end of the period (default now)")
    .option("--tz <zone>", "IANA time zone for calendar buckets (default UTC)")
    .option("--event-type <type>", "events: only this event type")
    .option("--user-id <id>", "events, sessions: only this user")
    .option("--session-id <id>", "events: only this session")
    .option("--status <status>", "sessions: active, expired or terminated")
    .option("--metric <name>", "timeseries: the metric series")
    .option("--interval <size>", "timeseries: hour or day")
    .option("--metadata", "json: wrap the rows with a metadata header")
    .option("--out <file>", "write to this file (complete or not at all) instead of stdout")
    .option("--progress", "show the progress bar even when stderr is not a terminal")
    .option("--no-progress", "never show the progress bar")
    .action(async (type: string, opts: ExportOptions) => {
      try {
        const { rows, bytes } = await exportCommand(type, opts);
        if (opts.out !== undefined) {
          process.stderr.write(`Wrote ${opts.out}: ${rows === null ? "" : `${rows} rows, `}${mb(bytes)}\n`);
        }
      } catch (err) {
        if (!(err instanceof ApiRequestError)) throw err;
        console.error(`Export failed: ${err.message}`);
        process.exitCode = 1;
      }
    });
}
