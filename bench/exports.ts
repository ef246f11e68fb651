/**
 * Export benchmark: `npm run bench:exports` (add `-- --write` to also write its section of
 * docs/benchmarks-stores.md; `BENCH_QUICK=1` for a smoke run). Fills a DuckDB and a ClickHouse store
 * with the store benchmark's week of events (bench/lib/bench-events.ts), starts the built server on
 * each in a child process, and exports every event as CSV and as Parquet over HTTP, reading the body
 * as fast as it comes. It records rows per second, the time to the first byte, and the server's peak
 * resident memory above its idle figure, sampled from /proc every 50 ms during the export.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { openStore } from "../src/store/open-store.js";
import { builtCli, type CliServer, startCliServer } from "../test/helpers/cli-server.js";
import { clickHouseBinary, startClickHouse } from "../test/helpers/clickhouse-server.js";
import { fillStore } from "./lib/bench-events.js";
import { coverageLine } from "./lib/coverage.js";
import { withSection, writeDoc } from "./lib/doc-file.js";
import { EXPORT_SECTION } from "./lib/export-section.js";
import { readMemory } from "./lib/idle-rss.js";
import { runLines } from "./lib/machine.js";
import { int, median, ms } from "./lib/stats.js";

const QUICK = process.env.BENCH_QUICK === "1";
const WRITE = process.argv.includes("--write");
const SIZES = (process.env.BENCH_EXPORT_SIZES ?? (QUICK ? "100000" : "1000000,10000000")).split(",").map(Number);
const ENGINES = (process.env.BENCH_ENGINES ?? "duckdb,clickhouse").split(",");
const FORMATS = ["csv", "parquet"] as const;
const TARGET_MB = 300;
const ADMIN_KEY = "bench-admin-key-0123456789";
const MB = 1024 * 1024;
/** The DuckDB server's duckdbMemoryLimitMb: without a limit DuckDB keeps every block it read cached (up to 80 % of RAM). */
const DUCKDB_MEMORY_LIMIT_MB = Number(process.env.BENCH_DUCKDB_MEMORY_LIMIT_MB ?? 128);

interface Run {
  engine: string;
  size: number;
  format: string;
  rows: number;
  bytes: number;
  seconds: number;
  firstByteMs: number;
  idleMb: number;
  peakAboveIdleMb: number;
}

const log = (msg: string) => process.stderr.write(`[bench:exports] ${msg}\n`);

/** Start-up's work (~140 MB of heap on a 10M-event store) is done well within this. */
const SETTLE_MS = 10_000;
/** Preloaded into the server: SIGUSR2 runs a full garbage collection there. */
const GC_ON_SIGNAL = fileURLToPath(new URL("./lib/gc-on-signal.mjs", import.meta.url));

/**
 * The server's resident memory at rest: the median of 10 readings, taken once start-up's work is
 * over and collected. V8 collects its old generation only when it next fills, which here was
 * during the export: read earlier, "idle" held start-up's garbage, and the export looked up to
 * ~120 MB lighter than it was.
 */
async function idleRss(pid: number): Promise<number> {
  await sleep(SETTLE_MS);
  process.kill(pid, "SIGUSR2");
  await sleep(3000);
  const xs: number[] = [];
  for (let i = 0; i < 10; i++) {
    xs.push((await readMemory(pid)).rss);
    await sleep(200);
  }
  return median(xs);
}

/** Reads /proc/<pid>/status every 50 ms until stopped; answers the highest VmRSS seen. */
function sampler(pid: number): { stop(): Promise<number> } {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, (await readMemory(pid)).rss);
      await sleep(50);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}

/** One export of the whole week over HTTP, the body read and dropped as it arrives. */
async function exportOnce(server: CliServer, format: string, idle: number): Promise<Omit<Run, "engine" | "size">> {
  const pid = server.child.pid as number;
  const auth = { authorization: `Bearer ${ADMIN_KEY}` };
  const samples = sampler(pid);
  const started = performance.now();
  const res = await fetch(`${server.url}/api/analytics/export/events?format=${format}&hours=200`, { headers: auth });
  if (!res.ok || !res.body) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  let bytes = 0;
  let firstByteMs = Number.NaN;
  for await (const chunk of res.body) {
    if (!bytes) firstByteMs = performance.now() - started;
    bytes += (chunk as Uint8Array).byteLength;
  }
  const seconds = (performance.now() - started) / 1000;
  const peak = await samples.stop();
  // The rows written, as the server audited them when the stream ended.
  const audit = await fetch(`${server.url}/api/analytics/audit?action=exports.events&limit=1`, { headers: auth });
  const [entry] = ((await audit.json()) as { entries: Array<{ details: { rows: number; format: string } }> }).entries;
  if (entry?.details.format !== format) throw new Error("the export's audit entry is missing");
  return {
    format,
    rows: entry.details.rows,
    bytes,
    seconds,
    firstByteMs,
    idleMb: idle / MB,
    peakAboveIdleMb: (peak - idle) / MB,
  };
}

/** Fills a fresh store with `size` events over the week before now, then exports them from a server over it. */
async function measure(engine: string, size: number, storeUrl: string, dir: string): Promise<Run[]> {
  const store = await openStore(storeUrl, dir);
  await store.migrate();
  const t = performance.now();
  await fillStore(store, { from: 0, to: size, total: size, end: Date.now(), segment: 1 });
  log(`${engine} @ ${int(size)}: filled in ${Math.round((performance.now() - t) / 1000)} s`);
  await store.close();
  const args = ["--data-dir", dir, ...(storeUrl ? ["--store", storeUrl] : [])];
  const env = {
    ANALYTICS_ADMIN_KEY: ADMIN_KEY,
    ANALYTICS_DUCKDB_MEMORY_LIMIT_MB: String(DUCKDB_MEMORY_LIMIT_MB),
    NODE_OPTIONS: `--import=${GC_ON_SIGNAL}`,
  };
  const server = await startCliServer(args, env, undefined, builtCli);
  try {
    const idle = await idleRss(server.child.pid as number);
    const runs: Run[] = [];
    for (const format of FORMATS) {
      const r = { engine, size, ...(await exportOnce(server, format, idle)) };
      log(
        `${engine} @ ${int(size)} ${format}: ${int(r.rows)} rows in ${r.seconds.toFixed(1)} s (${int(r.rows / r.seconds)} rows/s), ` +
          `first byte ${ms(r.firstByteMs)}, peak ${int(r.peakAboveIdleMb)} MB above idle (${int(r.idleMb)} MB)`,
      );
      runs.push(r);
    }
    return runs;
  } finally {
    await server.kill();
  }
}

function table(runs: Run[]): string {
  const head = "| Store @ events | Format | Rows | Rows/s | First byte | Body | Idle RSS | Peak RSS above idle |";
  const rule = "|---|---|---:|---:|---:|---:|---:|---:|";
  const rows = runs.map(
    (r) =>
      `| ${r.engine} @ ${int(r.size)} | ${r.format} | ${int(r.rows)} | ${int(r.rows / r.seconds)} | ${ms(r.firstByteMs)} | ${int(r.bytes / MB)} MB | ${int(r.idleMb)} MB | ${int(r.peakAboveIdleMb)} MB |`,
  );
  return [head, rule, ...rows].join("\n");
}

function verdict(runs: Run[]): string {
  const at10M = runs.filter((r) => r.size === 10_000_000);
  if (!at10M.length) return "The target size (10M events) was not measured in this run.";
  const over = at10M.filter((r) => r.peakAboveIdleMb >= TARGET_MB);
  return over.length
    ? `**Target not met** for ${over.map((r) => `${r.engine} ${r.format}`).join(", ")} (peak ≥ ${TARGET_MB} MB above idle).`
    : `Target met at 10M events: every peak under ${TARGET_MB} MB above idle (highest ${int(Math.max(...at10M.map((r) => r.peakAboveIdleMb)))} MB).`;
}

/** What the 10M DuckDB rows say about DuckDB's own share, from this run's figures. */
function duckDbNote(runs: Run[]): string {
  const at10M = (format: string) =>
    runs.find((r) => r.engine === "DuckDB" && r.size === 10_000_000 && r.format === format);
  const csv = at10M("csv");
  if (!csv) return "";
  const over = runs.filter((r) => r.engine === "DuckDB" && r.size === 10_000_000 && r.peakAboveIdleMb >= TARGET_MB);
  return (
    ` At 10M events the DuckDB server rose ${int(csv.peakAboveIdleMb)} MB above idle exporting CSV with a ` +
    `${DUCKDB_MEMORY_LIMIT_MB} MiB limit: the limit covers DuckDB's buffer pool, not what its allocator keeps ` +
    `or its connections.${over.length ? ` The ${over.map((r) => r.format).join(" and ")} export went past the target on top of that; a lower \`duckdbMemoryLimitMb\` is the knob (not measured in this run).` : ""}`
  );
}

function section(runs: Run[], seconds: number): string {
  return `## ${EXPORT_SECTION}

Measured by \`bench/exports.ts\` (target: peak resident memory under ${TARGET_MB} MB above idle while
exporting 10M events, in CSV and in Parquet, on both stores). Re-run with:

\`\`\`sh
npm run bench:exports                # prints the table
npm run bench:exports -- --write     # …and rewrites this section
BENCH_EXPORT_SIZES=1000000 BENCH_ENGINES=duckdb npm run bench:exports   # one size, one engine
\`\`\`

${runLines(seconds, QUICK)}
- ${coverageLine(runs)}
- ${verdict(runs)}

Each store is filled afresh with the store benchmark's week of events; the built server
(\`dte-analytics serve\`, on DuckDB with \`duckdbMemoryLimitMb=${DUCKDB_MEMORY_LIMIT_MB}\`) is started on it in a
child process and left idle for ${SETTLE_MS / 1000} s; then a full garbage collection is requested
(SIGUSR2 to a module preloaded for the benchmark, \`bench/lib/gc-on-signal.mjs\`), so that idle does
not hold start-up's garbage, and idle RSS is the median of 10 readings 3 s later. Then \`GET /api/analytics/export/events?hours=200&format=…\` exports every
event, and the client reads the body as fast as it arrives. Rows are those the server audited for
the export; rows/s counts from the request to the body's last byte; peak RSS is the highest VmRSS
of the server process in /proc, read every 50 ms during the export.

${table(runs)}

**Memory.** An export holds one window of events (at most 50,000 rows sorted by the store), one
64 KiB chunk of text or one Parquet row group of 8,192 rows. What made the server grow during long
exports was V8's garbage collector (docs/exports.md, "Memory"): what outlives two young-generation
collections moves to the old generation, which V8 lets grow to several times what is live before
collecting it. Two things lived that long: DuckDB's streamed chunks of 2,048 rows, which keep every
value read from them until dropped (now read through slices of 256 rows: 426 MB promoted to the
old generation for 2M events as CSV before, 12 MB after), and the Parquet row group (now gathered
and encoded in a worker thread whose heap has an 8 MB young generation and a capped old one). The
same benchmark measured before, at 10M events: DuckDB 283 MB (CSV) and 343 MB (Parquet), ClickHouse
11 MB and 174 MB above idle (idle then read 3 s after start, without the garbage collection), at
62,586, 60,144, 134,236 and 117,112 rows/s. On DuckDB the rest is DuckDB's buffer pool: it keeps every
block a query read cached, up to its \`memory_limit\` (80 % of RAM by default), so without
\`duckdbMemoryLimitMb\` an export of 10M events left the server 661 MB above idle (CSV, measured on
2026-11-30 before these changes). The limit bounds it; a query that needs more than the limit spills to DuckDB's temporary directory.${duckDbNote(runs)}
`;
}

const started = Date.now();
const runs: Run[] = [];
let clickhouse: Awaited<ReturnType<typeof startClickHouse>> | null = null;
const doc = fileURLToPath(new URL("../docs/benchmarks-stores.md", import.meta.url));
try {
  for (const size of SIZES) {
    for (const engine of ENGINES) {
      const dir = await mkdtemp(join(tmpdir(), "dte-bench-exports-"));
      try {
        let url = "";
        if (engine === "clickhouse") {
          if (!clickHouseBinary())
            throw new Error("clickhouse-server is not installed: run scripts/install-test-deps.sh");
          clickhouse ??= await startClickHouse();
          url = clickhouse.storeUrl(`exports_${size}`);
        }
        runs.push(...(await measure(engine === "clickhouse" ? "ClickHouse" : "DuckDB", size, url, dir)));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      if (WRITE) {
        await writeDoc(
          doc,
          withSection(await readFile(doc, "utf8"), EXPORT_SECTION, section(runs, (Date.now() - started) / 1000)),
        );
      }
    }
  }
  process.stdout.write(`${table(runs)}\n`);
} finally {
  await clickhouse?.remove();
}
