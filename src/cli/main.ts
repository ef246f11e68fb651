import { Command, Option } from "commander";
import { BackupVerificationError } from "../backup/manifest.js";
import { loadConfig } from "../config/config.js";
import { OPTIONS, type OptionName } from "../config/options.js";
import { ConfigError } from "../errors.js";
import { backup, restore } from "./backup.js";
import { listDeadLetters, replayDeadLetters } from "./dead-letters.js";
import { demo } from "./demo.js";
import { registerExportCommand } from "./export.js";
import { registerReportCommand } from "./report.js";
import { serve } from "./serve.js";

const DESCRIPTIONS: Partial<Record<OptionName, string>> = {
  port: "port to listen on (default 5000)",
  host: "address to listen on (default 127.0.0.1)",
  dataDirectory: "where the log, the DuckDB file and the admin key live (default ./data/analytics)",
  storeUrl:
    "store URL: clickhouse://user:password@host:8123/db (clickhouses:// for TLS) for a ClickHouse server shared by several nodes, or duckdb:///path/file.duckdb (default: the embedded DuckDB file in the data directory)",
  trustProxy: "trust X-Forwarded-For from these proxies: true, or comma-separated addresses/CIDRs",
  nodeName: "this node's name, for its loader checkpoint",
  logLevel: "least severe log level written: fatal, error, warn, info, debug, trace or silent (default info)",
};

/** Adds a flag for every setting that has one in the options table, so the two never drift. */
function withSettingFlags(cmd: Command): Command {
  for (const [name, o] of Object.entries(OPTIONS) as Array<[OptionName, (typeof OPTIONS)[OptionName]]>) {
    if (o.flag) cmd.addOption(new Option(`--${o.flag} <value>`, DESCRIPTIONS[name] ?? name).env(o.env));
  }
  return cmd.option("--config <file>", "JSON config file (camelCase or snake_case keys)");
}

/** The settings given to `cmd` or to a command above it (`dead-letters --data-dir … replay`). */
function configFrom(cmd: Command) {
  const opts = cmd.optsWithGlobals<Record<string, string | undefined>>();
  const flags: Record<string, string | undefined> = {};
  for (const [name, o] of Object.entries(OPTIONS)) {
    if (!o.flag) continue;
    // Commander names `--data-dir` dataDir; only flags given on the command line count here.
    const key = o.flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (cmd.getOptionValueSourceWithGlobals(key) === "cli") flags[name] = opts[key];
  }
  return loadConfig({ flags, env: process.env, file: opts.config });
}

const program = new Command("dte-analytics").description("Deep Tree Echo Analytics: analytics for AI applications");

withSettingFlags(
  program.command("serve").description("Run the HTTP API on the embedded DuckDB store, or on ClickHouse with --store"),
).action(async (_opts, cmd: Command) => {
  await serve(configFrom(cmd));
});

function positiveInteger(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new ConfigError(`--${name} must be a positive integer, not '${value}'`);
    return n;
  };
}

withSettingFlags(program.command("demo").description("Fill the store with a realistic day of traffic"))
  .option("--users <n>", "how many users", positiveInteger("users"), 300)
  .option("--seed <n>", "random seed: the same seed gives the same day", positiveInteger("seed"), 1)
  .action(async (opts: { users: number; seed: number }, cmd: Command) => {
    await demo(configFrom(cmd), { users: opts.users, seed: opts.seed });
  });

const deadLetters = withSettingFlags(
  program.command("dead-letters").description("List the events the store refused (count, reasons, first and last)"),
).action(async (_opts, cmd: Command) => {
  await listDeadLetters(configFrom(cmd));
});
// The settings flags are the parent's: `dead-letters replay --data-dir …` reads them from there.
deadLetters
  .command("replay")
  .description("Re-ingest the dead letters through the durable log (stop the server on this data directory first)")
  .action(async (_opts, cmd: Command) => {
    await replayDeadLetters(configFrom(cmd));
  });

withSettingFlags(
  program
    .command("backup")
    .description(
      "Take a backup of the store under backupDirectory (DuckDB: stop the server on this data directory first)",
    ),
).action(async (_opts, cmd: Command) => {
  await backup(configFrom(cmd));
});

withSettingFlags(
  program.command("restore").description("Restore a backup into an empty data directory (checksums verified first)"),
)
  .requiredOption("--from <backup>", "the backup directory (holding manifest.json)")
  .action(async (opts: { from: string }, cmd: Command) => {
    await restore(opts.from, configFrom(cmd));
  });

registerReportCommand(program);
registerExportCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`Configuration error: ${err.message}`);
    process.exit(2);
  }
  if (err instanceof BackupVerificationError) {
    console.error(`Backup refused: ${err.message}`);
    process.exit(3);
  }
  throw err;
}
