/** The results as a markdown table (stdout) and as docs/benchmarks.md. */
import type { PrefillResult } from "../child/protocol.js";
import type { AppenderResult } from "./appender.js";
import type { LibraryResult } from "./library.js";
import type { LoadResult } from "./load.js";
import { load, machine } from "./machine.js";
import { int, median, ms, pct, rate, spread } from "./stats.js";

export interface Settings {
  quick: boolean;
  reps: number;
  batchSize: number;
  libraryEvents: number;
  libraryConcurrency: number;
  batchConnections: number;
  /** Distinct request bodies autocannon cycles through. */
  batchBodies: number;
  batchWarmupRequests: number;
  singleConnections: number;
  /** Length of each timed autocannon run. */
  seconds: number;
  warmupSeconds: number;
  appenderRows: number;
  prefillEvents: number;
}

export interface BatchRun {
  /** Events acknowledged (durable) per second during the run. */
  ack: number;
  /** Time after the run until the store held everything acknowledged. */
  drainMs: number;
  /** Events per second over the run plus the drain. */
  endToEnd: number;
  p50: number;
  p99: number;
  failed: number;
  /** The store holds exactly what was acknowledged. */
  consistent: boolean;
  /** CPU the server process used during the timed run (all threads), in cores. */
  serverCores: number;
}

export type SingleRun = LoadResult & { serverCores: number };

export interface Figures {
  library: LibraryResult[];
  httpEmpty: BatchRun[];
  httpLarge: BatchRun[];
  single: SingleRun[];
  plain: SingleRun[];
  appender: AppenderResult[];
  prefill: PrefillResult | null;
  largeStoreFinal?: number;
  seconds?: number;
}

/** Targets: the first two from the brief; "does not fall materially" read as keeping ≥ 90%. */
export const TARGETS = { httpBatch: 100_000, singleVsPlain: 0.7, largeVsEmpty: 0.9 };

const med = <T>(xs: T[], f: (x: T) => number) => median(xs.map(f));
const sp = <T>(xs: T[], f: (x: T) => number) => {
  const s = spread(xs.map(f));
  return s ? `runs ${s}` : "";
};
/** Joins the non-empty parts of a notes cell. */
const notes = (...parts: string[]) => parts.filter(Boolean).join("; ");
const passMiss = (ok: boolean) => (ok ? "**pass**" : "**miss**");

interface Derived {
  httpAck: number;
  singleRatio: number;
  largeRatio: number;
  largeE2eRatio: number;
}

function derive(f: Figures): Derived {
  const httpAck = med(f.httpEmpty, (r) => r.ack);
  return {
    httpAck,
    singleRatio: med(f.single, (r) => r.rps) / med(f.plain, (r) => r.rps),
    largeRatio: med(f.httpLarge, (r) => r.ack) / httpAck,
    largeE2eRatio: med(f.httpLarge, (r) => r.endToEnd) / med(f.httpEmpty, (r) => r.endToEnd),
  };
}

export function resultsTable(s: Settings, f: Figures): string {
  const d = derive(f);
  const lat = (xs: BatchRun[]) => `p50 ${ms(med(xs, (r) => r.p50))}, p99 ${ms(med(xs, (r) => r.p99))}`;
  const cores = (xs: Array<{ serverCores: number }>) => `server CPU ${med(xs, (r) => r.serverCores).toFixed(2)} cores`;
  const rows: string[][] = [
    [
      "1",
      `Library \`trackBatch\` (${int(s.batchSize)} events), 1 caller, durable ack`,
      rate(
        med(f.library, (r) => r.sequentialAck),
        "events/s",
      ),
      sp(f.library, (r) => r.sequentialAck),
    ],
    [
      "1",
      `Library \`trackBatch\` (${int(s.batchSize)} events), ${s.libraryConcurrency} concurrent callers, durable ack`,
      rate(
        med(f.library, (r) => r.concurrentAck),
        "events/s",
      ),
      sp(f.library, (r) => r.concurrentAck),
    ],
    [
      "1",
      `Library end to end: ${s.libraryConcurrency} callers until all ${int(s.libraryEvents)} are in DuckDB`,
      rate(
        med(f.library, (r) => r.endToEnd),
        "events/s",
      ),
      `drain after last ack ${ms(med(f.library, (r) => r.drainMs))}`,
    ],
    [
      "2",
      `HTTP \`/track/batch\` (${int(s.batchSize)} events/request, ${s.batchConnections} connections), durable ack`,
      rate(d.httpAck, "events/s"),
      notes(
        sp(f.httpEmpty, (r) => r.ack),
        lat(f.httpEmpty),
        cores(f.httpEmpty),
      ),
    ],
    [
      "2",
      `HTTP batch: drain into DuckDB after a ${s.seconds} s run`,
      ms(med(f.httpEmpty, (r) => r.drainMs)),
      `end to end (run + drain) ${rate(
        med(f.httpEmpty, (r) => r.endToEnd),
        "events/s",
      )}`,
    ],
    [
      "3",
      `Single event HTTP \`/track/action\` (${s.singleConnections} connections), durable ack`,
      rate(
        med(f.single, (r) => r.rps),
        "req/s",
      ),
      notes(
        sp(f.single, (r) => r.rps),
        `p50 ${ms(med(f.single, (r) => r.latencyP50))}, p99 ${ms(med(f.single, (r) => r.latencyP99))}`,
        cores(f.single),
      ),
    ],
    [
      "3",
      `Plain Fastify, same body, replies 201 {event_id} (${s.singleConnections} connections)`,
      rate(
        med(f.plain, (r) => r.rps),
        "req/s",
      ),
      notes(
        sp(f.plain, (r) => r.rps),
        cores(f.plain),
      ),
    ],
    ["3", "Single event: product / plain Fastify", pct(d.singleRatio), ""],
    [
      "4",
      `Raw DuckDB Appender, ${int(s.appenderRows)} rows of the events table's width, no index`,
      rate(
        med(f.appender, (r) => r.plain),
        "rows/s",
      ),
      sp(f.appender, (r) => r.plain),
    ],
    [
      "4",
      "Raw DuckDB Appender, same rows, with an event_id PRIMARY KEY (for comparison: the product has none)",
      rate(
        med(f.appender, (r) => r.primaryKey),
        "rows/s",
      ),
      sp(f.appender, (r) => r.primaryKey),
    ],
  ];
  if (f.prefill) {
    rows.push([
      "5",
      `Pre-fill: ${int(f.prefill.stored)} events through \`trackBatch\` (${s.libraryConcurrency} callers)`,
      `${rate(f.prefill.stored / ((f.prefill.ackMs + f.prefill.drainMs) / 1000), "events/s")} end to end`,
      `ack ${(f.prefill.ackMs / 1000).toFixed(1)} s + drain ${(f.prefill.drainMs / 1000).toFixed(1)} s`,
    ]);
  }
  rows.push(
    [
      "5",
      `HTTP batch, durable ack, on a store already holding ${int(f.prefill?.stored ?? s.prefillEvents)} events`,
      rate(
        med(f.httpLarge, (r) => r.ack),
        "events/s",
      ),
      notes(
        sp(f.httpLarge, (r) => r.ack),
        lat(f.httpLarge),
        cores(f.httpLarge),
      ),
    ],
    [
      "5",
      "… drain after the run / end to end",
      ms(med(f.httpLarge, (r) => r.drainMs)),
      `end to end ${rate(
        med(f.httpLarge, (r) => r.endToEnd),
        "events/s",
      )}`,
    ],
    ["5", "Large store / empty store", `${pct(d.largeRatio)} (ack)`, `${pct(d.largeE2eRatio)} end to end`],
  );
  const header = `| # | Measurement | Median of ${s.reps} | Notes |\n|---|---|---:|---|`;
  return `${header}\n${rows.map((r) => `| ${r.join(" | ")} |`).join("\n")}\n\n${targetsTable(f)}`;
}

export function targetsTable(f: Figures): string {
  const d = derive(f);
  return [
    "| Target | Measured | Result |",
    "|---|---:|---|",
    `| Durable HTTP batch ingestion ≥ ${int(TARGETS.httpBatch)} events/s | ${rate(d.httpAck, "events/s")} | ${passMiss(d.httpAck >= TARGETS.httpBatch)} |`,
    `| Single-event HTTP ≥ ${pct(TARGETS.singleVsPlain)} of plain Fastify's requests/s | ${pct(d.singleRatio)} | ${passMiss(d.singleRatio >= TARGETS.singleVsPlain)} |`,
    `| Batch rate on a ${int(f.prefill?.stored ?? Number.NaN)}-event store ≥ ${pct(TARGETS.largeVsEmpty)} of the empty store's: durable ack | ${pct(d.largeRatio)} | ${passMiss(d.largeRatio >= TARGETS.largeVsEmpty)} |`,
    `| … and end to end (ack + drain into DuckDB: what the store sustains) | ${pct(d.largeE2eRatio)} | ${passMiss(d.largeE2eRatio >= TARGETS.largeVsEmpty)} |`,
  ].join("\n");
}

function checks(f: Figures): string[] {
  const notes: string[] = [];
  const runs = [...f.httpEmpty, ...f.httpLarge];
  const failed = runs.reduce((n, r) => n + r.failed, 0) + [...f.single, ...f.plain].reduce((n, r) => n + r.failed, 0);
  notes.push(
    failed
      ? `${failed} requests failed (non-2xx or connection errors) during the timed runs; they are not counted.`
      : "Every request in the timed runs was answered 2xx.",
  );
  const bad = runs.filter((r) => !r.consistent).length + f.library.filter((r) => r.stored !== r.expected).length;
  notes.push(
    bad
      ? `${bad} runs ended with a store count different from what was acknowledged: investigate.`
      : "After each drain the store held exactly the events acknowledged (checked with a count), none lost, none twice.",
  );
  return notes;
}

/** Observations that follow from the figures themselves. */
function findings(f: Figures): string[] {
  const d = derive(f);
  const out: string[] = [];
  const e2e = med(f.httpEmpty, (r) => r.endToEnd);
  if (e2e < 0.8 * d.httpAck) {
    out.push(
      `The loader does not keep up with HTTP batch ingestion: ${rate(e2e, "events/s")} end to end vs ${rate(d.httpAck, "events/s")} acknowledged. Sustained, the durable log's backlog grows until \`maxBacklogBytes\`, then ingestion answers 503.`,
    );
  }
  if (d.largeE2eRatio < TARGETS.largeVsEmpty) {
    out.push(
      `Loading slows as the store grows: the drain after a run took ${ms(med(f.httpLarge, (r) => r.drainMs))} on the large store vs ${ms(med(f.httpEmpty, (r) => r.drainMs))} on the empty one. The store keeps no index on \`event_id\` for this reason: the raw Appender figures (4) show what such an index costs even on an empty table, and its cost grows with the table.`,
    );
  }
  if (d.singleRatio < TARGETS.singleVsPlain) {
    // Server CPU (all threads) per answered request: on 2 cores shared with the load generator, this decides.
    const perRequest = (xs: SingleRun[]) => (1e6 * med(xs, (r) => r.serverCores)) / med(xs, (r) => r.rps);
    out.push(
      `Single events: the product's server process spent ${int(perRequest(f.single))} µs of CPU per request (all threads) vs ${int(perRequest(f.plain))} µs for plain Fastify, and its latency includes waiting for a group commit (a synchronous O_DSYNC write, up to 4 in flight) that only the concurrent connections fill. The plain handler does no I/O at all; against it, durable single events stay well below the target on this 2-core machine shared with the load generator.`,
    );
  }
  return out;
}

export function markdownReport(s: Settings, f: Figures): string {
  const d = derive(f);
  return `# Benchmarks: ingestion

Measured by \`bench/ingest.ts\`. Re-run with:

\`\`\`sh
npm run bench:ingest              # prints the table below (about 4–5 minutes)
npm run bench:ingest -- --write   # …and rewrites this file, all but its idle-memory section
BENCH_QUICK=1 npm run bench:ingest    # smoke run: small sizes, 1 repetition, ~20 s
BENCH_CPU_PROF=/tmp/prof npm run bench:ingest   # also writes a .cpuprofile per server process
node --import tsx bench/tools/profile-summary.ts /tmp/prof/<file>.cpuprofile 30   # where the time went
\`\`\`

For investigations, \`BENCH_ONLY=appender,library,http,single,large\` runs only those sections (never with
\`--write\`), \`BENCH_SECONDS\` sets the length of each timed run and \`BENCH_SINGLE_CONNECTIONS\` the
connections of the single-event runs.

- Date: ${new Date().toISOString()}${s.quick ? " — **quick smoke run (BENCH_QUICK=1): small sizes, 1 repetition; not representative**" : ""}
- Machine: ${machine()}
- Load average when the run ended: ${load()}${f.seconds ? `; the run took ${Math.round(f.seconds)} s` : ""}

## Method

Everything runs on this one machine: the load generator competes with the server for the same cores,
as it would in a single-box deployment. Each figure is the median of ${s.reps} repetition(s).

1. **Library.** \`AnalyticsService.trackBatch\` with batches of ${int(s.batchSize)} events (a mix of api_request,
   cognitive_process and user_action, about 250 bytes of JSON each, no \`event_id\` so each stored row is new).
   First one caller that awaits each durable acknowledgement, then ${s.libraryConcurrency} concurrent callers
   (group commit shares one fsync between them), ${int(s.libraryEvents)} events each, on a fresh data directory.
   End to end is from the first call until \`pipeline.drain()\` says everything is in DuckDB.
2. **HTTP batches.** The real server (\`startServer\`) in a child process; autocannon (programmatic, in the
   parent process) posts pre-built \`{"events": [...]}\` bodies of ${int(s.batchSize)} events (${s.batchBodies} distinct
   bodies, cycled) to \`POST /api/analytics/track/batch\` with ${s.batchConnections} connections, pipelining 1,
   for ${s.seconds} s, after a warm-up of ${s.batchWarmupRequests} requests. Events/s counts only 2xx responses,
   each of which means the batch is fsynced. Then the time until the store holds everything acknowledged.
   A fresh store per repetition ("empty": only the warm-up's events).
3. **Single events.** \`POST /api/analytics/track/action\` with a ~150-byte body, ${s.singleConnections} connections,
   pipelining 1, ${s.seconds} s, against the product and against a plain Fastify server (own child process, one
   route that parses the same JSON body and replies 201 \`{"event_id": randomUUID()}\`), runs interleaved
   after a ${s.warmupSeconds} s warm-up of each.
4. **DuckDB Appender.** \`@duckdb/node-api\` \`createAppender\` into a file database, ${int(s.appenderRows)} prepared rows with
   the columns of the product's \`events\` table, \`flushSync\` every 10,000 rows, then \`closeSync\`: once into a
   table without indexes (like the product's), once into one with an \`event_id PRIMARY KEY\` for comparison.
5. **Store size.** A server whose store was first filled with ${int(s.prefillEvents)} events through the
   product's own path (\`trackBatch\` → durable log → loader → DuckDB, drained before measuring), then the
   HTTP batch run of (2), ${s.reps} times in a row (so the store grows further during the runs).

## Results

${resultsTable(s, f)}

## Notes

${[
  ...checks(f),
  `Durable HTTP batch ingestion: ${rate(d.httpAck, "events/s")} acknowledged; each acknowledgement means fsynced to the log.`,
  "Acknowledged events reach DuckDB through the loader; the drain time shows whether it keeps up with the ingest rate (an end-to-end rate well below the ack rate means the log's backlog grows under sustained load).",
  ...findings(f),
  "The machine may have been busy with other work; absolute figures are noisy, ratios measured in the same run less so.",
  "Both stores side by side (DuckDB and ClickHouse at 1 and 10 million events, through the store port): [benchmarks-stores.md](benchmarks-stores.md), `npm run bench:store`.",
]
  .map((n) => `- ${n}`)
  .join("\n")}
`;
}
