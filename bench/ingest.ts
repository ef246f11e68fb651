/**
 * Ingestion benchmark: `npm run bench:ingest` (add `-- --write` to also write docs/benchmarks.md;
 * `BENCH_QUICK=1` for a smoke run with small sizes and one repetition; `BENCH_CPU_PROF=<dir>` to
 * write a CPU profile of each server process, summed up by bench/tools/profile-summary.ts).
 * See docs/benchmarks.md for the method. Layout: lib/ holds the measurements and the report,
 * child/ the server under test (run in its own process so autocannon does not share its event loop).
 */
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { appenderBaseline } from "./lib/appender.js";
import { ServerProcess } from "./lib/child.js";
import { sectionOf, withSection, writeDoc } from "./lib/doc-file.js";
import { actionBody, batchBodies } from "./lib/events.js";
import { IDLE_HEADING } from "./lib/idle-rss.js";
import { libraryRun } from "./lib/library.js";
import { LIVE_HEADING } from "./lib/live-heading.js";
import { postLoad } from "./lib/load.js";
import {
  type BatchRun,
  type Figures,
  markdownReport,
  resultsTable,
  type Settings,
  type SingleRun,
} from "./lib/report.js";

const QUICK = process.env.BENCH_QUICK === "1";
const WRITE = process.argv.includes("--write");
/** BENCH_ONLY=single,http runs only those sections (appender, library, http, single, large): for investigations. */
const ONLY = process.env.BENCH_ONLY?.split(",").map((x) => x.trim());
const runs = (section: string) => !ONLY || ONLY.includes(section);

const settings: Settings = QUICK
  ? {
      quick: true,
      reps: 1,
      batchSize: 1000,
      libraryEvents: 20_000,
      libraryConcurrency: 8,
      batchConnections: 8,
      batchBodies: 4,
      batchWarmupRequests: 8,
      singleConnections: 50,
      seconds: 1,
      warmupSeconds: 0.5,
      appenderRows: 30_000,
      prefillEvents: 30_000,
    }
  : {
      quick: false,
      reps: 3,
      batchSize: 1000,
      libraryEvents: 200_000,
      libraryConcurrency: 8,
      batchConnections: 8,
      batchBodies: 8,
      batchWarmupRequests: 20,
      singleConnections: 50,
      seconds: 5,
      warmupSeconds: 1,
      appenderRows: 200_000,
      prefillEvents: 1_000_000,
    };

/** For investigations: BENCH_SECONDS sets the length of each timed run, BENCH_SINGLE_CONNECTIONS the single-event connections. */
if (process.env.BENCH_SECONDS) settings.seconds = Number(process.env.BENCH_SECONDS);
if (process.env.BENCH_SINGLE_CONNECTIONS) settings.singleConnections = Number(process.env.BENCH_SINGLE_CONNECTIONS);

const BATCH_PATH = "/api/analytics/track/batch";
const ACTION_PATH = "/api/analytics/track/action";

const t0 = Date.now();
const log = (s: string) =>
  process.stderr.write(`[bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${s}\n`);
const k = (x: number) => `${Math.round(x / 1000)}k`;

const root = await mkdtemp(join(tmpdir(), "dte-bench-"));
const adminKey = `bench-${randomBytes(16).toString("hex")}`;
const auth = { authorization: `Bearer ${adminKey}` };
const children = new Set<ServerProcess>();
let dirs = 0;

async function freshDir(): Promise<string> {
  const d = join(root, `d${++dirs}`);
  await mkdir(d);
  return d;
}

async function withServer<T>(
  args: { mode: "product" | "plain"; dataDirectory?: string },
  use: (s: ServerProcess) => Promise<T>,
): Promise<T> {
  const s = await ServerProcess.start({ ...args, adminKey });
  children.add(s);
  try {
    return await use(s);
  } finally {
    await s.stop();
    children.delete(s);
    if (args.dataDirectory) await rm(args.dataDirectory, { recursive: true, force: true });
  }
}

/** One timed autocannon run of 1,000-event batches, then the time until the store holds them all. */
/**
 * Waits until requests that were in flight when autocannon stopped (it drops their connections,
 * but the server still acknowledges them) have been accepted, so that drain() covers them too.
 */
async function settle(s: ServerProcess): Promise<void> {
  let previous = -1;
  for (;;) {
    const { accepted } = await s.stats();
    if (accepted === previous) return;
    previous = accepted;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function batchRun(s: ServerProcess, bodies: string[]): Promise<BatchRun> {
  const before = await s.stats();
  const r = await postLoad({
    url: s.url,
    path: BATCH_PATH,
    bodies,
    headers: auth,
    connections: settings.batchConnections,
    duration: settings.seconds,
  });
  const ended = performance.now();
  const loaded = await s.stats();
  await settle(s);
  await s.drain();
  // From the end of the run until the store holds everything acknowledged (requests still in flight included).
  const ms = performance.now() - ended;
  const after = await s.stats();
  const events = r.ok * settings.batchSize;
  const accepted = after.accepted - before.accepted;
  // Everything acknowledged is stored, and at least what autocannon saw acknowledged was accepted.
  const consistent = after.stored === before.stored + accepted && accepted >= events;
  if (r.failed) log(`  ${r.failed} failed requests: ${JSON.stringify(r.statusCodes)}`);
  if (!consistent) {
    log(
      `  MISMATCH: store ${before.stored} → ${after.stored} (+${after.stored - before.stored}), pipeline accepted +${accepted}, autocannon saw ${events}`,
    );
  }
  return {
    ack: events / r.seconds,
    drainMs: ms,
    endToEnd: events / (r.seconds + ms / 1000),
    p50: r.latencyP50,
    p99: r.latencyP99,
    failed: r.failed,
    consistent,
    serverCores: (loaded.cpuMicros - before.cpuMicros) / 1e6 / r.seconds,
  };
}

async function warmBatches(s: ServerProcess, bodies: string[]): Promise<void> {
  await postLoad({
    url: s.url,
    path: BATCH_PATH,
    bodies,
    headers: auth,
    connections: settings.batchConnections,
    amount: settings.batchWarmupRequests,
  });
  await s.drain();
}

const figures: Figures = {
  library: [],
  httpEmpty: [],
  httpLarge: [],
  single: [],
  plain: [],
  appender: [],
  prefill: null,
};

async function appenderSection(f: Figures): Promise<void> {
  log(`DuckDB Appender baseline, ${k(settings.appenderRows)} rows × ${settings.reps}`);
  for (let i = 0; i < settings.reps; i++) {
    const d = await freshDir();
    f.appender.push(await appenderBaseline(d, settings.appenderRows));
    await rm(d, { recursive: true, force: true });
  }
}

async function librarySection(f: Figures): Promise<void> {
  log(`library trackBatch, ${k(settings.libraryEvents)} events × ${settings.reps}`);
  for (let i = 0; i < settings.reps; i++) {
    const d = await freshDir();
    const r = await libraryRun(d, adminKey, {
      events: settings.libraryEvents,
      batchSize: settings.batchSize,
      concurrency: settings.libraryConcurrency,
    });
    f.library.push(r);
    if (r.stored !== r.expected) log(`  MISMATCH: store holds ${r.stored} events, ${r.expected} were acknowledged`);
    log(
      `  1 caller ${k(r.sequentialAck)}/s, ${settings.libraryConcurrency} callers ${k(r.concurrentAck)}/s, end to end ${k(r.endToEnd)}/s`,
    );
    await rm(d, { recursive: true, force: true });
  }
}

async function httpSection(f: Figures, bodies: string[]): Promise<void> {
  log(`HTTP batches on an empty store, ${settings.seconds} s × ${settings.reps}`);
  for (let i = 0; i < settings.reps; i++) {
    await withServer({ mode: "product", dataDirectory: await freshDir() }, async (s) => {
      await warmBatches(s, bodies);
      const r = await batchRun(s, bodies);
      f.httpEmpty.push(r);
      log(`  ack ${k(r.ack)} events/s, drain ${Math.round(r.drainMs)} ms`);
    });
  }
}

async function singleSection(f: Figures): Promise<void> {
  log(`single-event HTTP vs plain Fastify, ${settings.seconds} s × ${settings.reps} each`);
  const action = [actionBody()];
  await withServer({ mode: "plain" }, (plain) =>
    withServer({ mode: "product", dataDirectory: join(root, "single") }, async (product) => {
      const run = async (s: ServerProcess, duration: number): Promise<SingleRun> => {
        const before = await s.stats();
        const r = await postLoad({
          url: s.url,
          path: ACTION_PATH,
          bodies: action,
          headers: auth,
          connections: settings.singleConnections,
          duration,
        });
        const after = await s.stats();
        return { ...r, serverCores: (after.cpuMicros - before.cpuMicros) / 1e6 / r.seconds };
      };
      await run(plain, settings.warmupSeconds);
      await run(product, settings.warmupSeconds);
      for (let i = 0; i < settings.reps; i++) {
        // Interleaved, so drift in the machine's load hits both alike.
        const p = await run(plain, settings.seconds);
        const q = await run(product, settings.seconds);
        await product.drain();
        f.plain.push(p);
        f.single.push(q);
        log(`  plain ${Math.round(p.rps)} req/s, product ${Math.round(q.rps)} req/s`);
      }
    }),
  );
}

async function largeSection(f: Figures, bodies: string[]): Promise<void> {
  log(
    `store of ${k(settings.prefillEvents)} events: pre-fill through trackBatch, then HTTP batches × ${settings.reps}`,
  );
  await withServer({ mode: "product", dataDirectory: await freshDir() }, async (s) => {
    const p = await s.prefill(settings.prefillEvents, settings.batchSize, settings.libraryConcurrency);
    f.prefill = p;
    log(
      `  pre-filled ${p.stored} events: ack ${(p.ackMs / 1000).toFixed(1)} s, drain ${(p.drainMs / 1000).toFixed(1)} s`,
    );
    await warmBatches(s, bodies);
    for (let i = 0; i < settings.reps; i++) {
      const r = await batchRun(s, bodies);
      f.httpLarge.push(r);
      log(`  ack ${k(r.ack)} events/s, drain ${Math.round(r.drainMs)} ms`);
    }
    f.largeStoreFinal = (await s.stats()).stored;
  });
}

async function main(f: Figures): Promise<Figures> {
  const started = Date.now();
  const bodies = batchBodies(settings.batchBodies, settings.batchSize);
  if (runs("appender")) await appenderSection(f);
  if (runs("library")) await librarySection(f);
  if (runs("http")) await httpSection(f, bodies);
  if (runs("single")) await singleSection(f);
  if (runs("large")) await largeSection(f, bodies);
  f.seconds = (Date.now() - started) / 1000;
  return f;
}

const cleanup = async () => {
  for (const c of children) c.kill();
  await rm(root, { recursive: true, force: true });
};
process.once("SIGINT", () => {
  void cleanup().finally(() => process.exit(130));
});

try {
  await main(figures);
  process.stdout.write(`${resultsTable(settings, figures)}\n`);
  if (WRITE && !ONLY) {
    const file = fileURLToPath(new URL("../docs/benchmarks.md", import.meta.url));
    const before = await readFile(file, "utf8").catch(() => "");
    let report = markdownReport(settings, figures);
    // The sections other benches write are kept as they are.
    for (const heading of [IDLE_HEADING, LIVE_HEADING]) {
      const kept = sectionOf(before, heading);
      if (kept) report = withSection(report, heading, kept);
    }
    await writeDoc(file, report);
    log(`wrote ${file}`);
  }
} finally {
  await cleanup();
}
