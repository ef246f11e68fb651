import { writeFile } from "node:fs/promises";
import { type Command, Option } from "commander";
import { REPORT_FORMATS, REPORT_TYPES } from "../reports/produce.js";
import { ApiClient, ApiRequestError, clientOptions, withClientOptions } from "./client.js";

interface ReportOptions {
  format?: string;
  hours?: string;
  from?: string;
  to?: string;
  tz?: string;
  out?: string;
  url?: string;
  key?: string;
}

/**
 * `dte-analytics report <type>`: a report from a running server (GET /api/analytics/reports/:type),
 * written to stdout or to `--out`. The server checks every option and names a bad one; so does this.
 */
export async function report(type: string, o: ReportOptions, write = (s: string) => process.stdout.write(s)) {
  const client = new ApiClient(clientOptions(o));
  const res = await client.get(`/api/analytics/reports/${encodeURIComponent(type)}`, {
    format: o.format,
    hours: o.hours,
    from: o.from,
    to: o.to,
    tz: o.tz,
  });
  const body = await res.text();
  if (o.out === undefined) {
    write(body);
    return;
  }
  await writeFile(o.out, body);
  process.stderr.write(`Wrote ${o.out} (${Buffer.byteLength(body)} bytes)\n`);
}

export function registerReportCommand(program: Command): void {
  withClientOptions(
    program
      .command("report")
      .description("Fetch a report from a running server and write it to stdout or --out")
      .argument("<type>", REPORT_TYPES.join(", ")),
  )
    .addOption(new Option("--format <format>", "output format").choices(REPORT_FORMATS).default("json"))
    .option("--hours <n>", "the last n hours (default 24)")
    .option("--from <time>", "start of the period, ISO 8601 or epoch ms")
    .option("--to <time>", "end of the period (default now)")
    .option("--tz <zone>", "IANA time zone for hours, weekdays and days (default UTC)")
    .option("--out <file>", "write the report to this file instead of stdout")
    .action(async (type: string, opts: ReportOptions) => {
      try {
        await report(type, opts);
      } catch (err) {
        if (!(err instanceof ApiRequestError)) throw err;
        console.error(`Report failed: ${err.message}`);
        process.exitCode = 1;
      }
    });
}
