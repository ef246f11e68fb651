/**
 * Summary benchmark: `npm run bench:summary` (add `-- --write` to also write its section of
 * docs/benchmarks-stores.md; `BENCH_QUICK=1` for a smoke run). Fills a DuckDB and a ClickHouse store
 * with a week of events (bench/lib/bench-events.ts, as bench/store.ts does), starts the service on
 * each and times `getAnalyticsSummary()` (answer cache off, events arriving between calls) and its
 * heaviest parts. Sizes run in the order given (smallest first by default) on both engines, and the
 * doc is rewritten after each, so an interrupted run keeps what it measured.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { Value } from "@sinclair/typebox/value";
import { KpiTuning } from "../src/insights/kpis.js";
import { metricFindings } from "../src/insights/summary-metrics.js";
import type { EventRecord } from "../src/model/event.js";
import { resolvePeriod } from "../src/model/period.js";
import { AnalyticsService } from "../src/service.js";
import { openStore } from "../src/store/open-store.js";
import { fillStore, makeEvents } from "./lib/bench-events.js";
import { coverageLine } from "./lib/coverage.js";
import { withSection, writeDoc } from "./lib/doc-file.js";
import { eachStore } from "./lib/each-store.js";
import { runLines } from "./lib/machine.js";
import { int, median, ms, type Timing } from "./lib/stats.js";
import { SUMMARY_SECTION } from "./lib/summary-section.js";

const QUICK = process.env.BENCH_QUICK === "1";
const WRITE = process.argv.includes("--write");
const SIZES = (process.env.BENCH_SUMMARY_SIZES ?? (QUICK ? "100000" : "1000000,10000000")).split(",").map(Number);
const ENGINES = (process.env.BENCH_ENGINES ?? "duckdb,clickhouse").split(",");
const REPS = QUICK ? 3 : 7;
const TARGET_MS = 300;
/** Events arriving between two timed calls (about what 5,000 users send in a few seconds). */
const ARRIVING = 200;
const ADMIN_KEY = "bench-admin-key-0123456789";

interface Column {
  engine: string;
  size: number;
  fillSeconds: number;
  timings: Array<{ name: string; ms: number }>;
}

const log = (msg: string) => process.stderr.write(`[bench:summary] ${msg}\n`);

/** A batch of the bench's events, all received now, placed `ago` ms before now (spread over a minute). */
function arrivals(n: number, ago: number, seq: number): EventRecord[] {
  const now = Date.now();
  return makeEvents(seq, n, n, now).map((e, i) => ({
    ...e,
    timestamp: now - ago - Math.floor((i / n) * 60_000),
    received_at: now,
  }));
}

/** Fills a fresh store with `size` events over the week before now, then times the summary on a service over it. */
async function measure(engine: string, size: number, storeUrl: string, dir: string): Promise<Column> {
  const store = await openStore(storeUrl, dir);
  await store.migrate();
  const t = performance.now();
  await fillStore(store, { from: 0, to: size, total: size, end: Date.now(), segment: 1 });
  const fillSeconds = (performance.now() - t) / 1000;
  await store.close();
  const service = new AnalyticsService({ dataDirectory: dir, storeUrl, adminKey: ADMIN_KEY, summaryCacheSeconds: 0 });
  await service.start();
  let offset = 0;
  /** Events arrive between calls, as in production: a batch into the current hour, and into an old hour when `lateHours`. */
  const arrive = async (lateHours?: number) => {
    const batch = [
      ...arrivals(ARRIVING, 0, offset),
      ...(lateHours === undefined ? [] : arrivals(ARRIVING, lateHours * 3_600_000, offset)),
    ];
    offset += batch.length;
    await service.store.insertEvents(batch, "bench-arrivals", { segment: 1, offset });
  };
  /** The median of REPS calls, each after a batch arrived (not timed); `late` adds one into an hour 1–3 days ago. */
  const timed = async (name: string, run: () => Promise<unknown>, late = false): Promise<Timing> => {
    const xs: number[] = [];
    for (let r = 0; r < REPS; r++) {
      await arrive(late ? 24 + ((r * 7) % 48) : undefined);
      const started = performance.now();
      await run();
      xs.push(performance.now() - started);
    }
    return { name, ms: median(xs) };
  };
  try {
    const tuning = Value.Default(KpiTuning, {}) as KpiTuning;
    const period = () => resolvePeriod({}, Date.now());
    const cold = performance.now();
    await service.getAnalyticsSummary();
    const coldMs = performance.now() - cold;
    const timings = [
      await timed(`getAnalyticsSummary(): the last 24 h, ${ARRIVING} events arriving before each call`, () =>
        service.getAnalyticsSummary(),
      ),
      await timed(
        `…when ${ARRIVING} more arrive late into an hour 1–3 days old`,
        () => service.getAnalyticsSummary(),
        true,
      ),
      { name: "…the first call (cold: nothing kept yet; one call)", ms: coldMs },
      await timed("…its metric series: trends, forecasts and anomalies of 7 metrics", () =>
        metricFindings(service.insights, period(), service.config),
      ),
      await timed("…its KPIs", () => service.kpis.report(period(), tuning)),
      await timed("…its current metrics (the live windows)", () => service.realTime.currentMetrics()),
    ];
    log(
      `${engine} @ ${int(size)}: filled in ${Math.round(fillSeconds)} s; ${timings.map((x) => `${x.name} ${ms(x.ms)}`).join("; ")}`,
    );
    return { engine, size, fillSeconds, timings };
  } finally {
    await service.stop();
  }
}

function table(columns: Column[]): string {
  const head = `| Measurement (median of ${REPS}) | ${columns.map((c) => `${c.engine} @ ${int(c.size)}`).join(" | ")} |`;
  const rule = `|---|${columns.map(() => "---:").join("|")}|`;
  const names = columns[0]?.timings.map((t) => t.name) ?? [];
  const rows = names.map(
    (name, i) => `| ${name} | ${columns.map((c) => ms(c.timings[i]?.ms ?? Number.NaN)).join(" | ")} |`,
  );
  const fill = `| Filling the store (s, not part of the summary) | ${columns.map((c) => int(c.fillSeconds)).join(" | ")} |`;
  return [head, rule, ...rows, fill].join("\n");
}

/** Whether the run met the target: the summary at 10M events on DuckDB. */
function verdict(columns: Column[]): string {
  const at10M = columns.find((c) => c.engine === "DuckDB" && c.size === 10_000_000)?.timings[0]?.ms;
  if (at10M === undefined) return "The target size (10M on DuckDB) was not measured in this run.";
  return at10M < TARGET_MS
    ? `Target met: ${ms(at10M)} at 10M events on DuckDB.`
    : `**Target not met**: ${ms(at10M)} at 10M events on DuckDB against ${TARGET_MS} ms (see below).`;
}

function section(columns: Column[], seconds: number): string {
  return `## ${SUMMARY_SECTION}

Measured by \`bench/summary.ts\` (target: under ${TARGET_MS} ms at 10M events on DuckDB). Re-run with:

\`\`\`sh
npm run bench:summary                # prints the table
npm run bench:summary -- --write     # …and rewrites this section
BENCH_SUMMARY_SIZES=1000000 BENCH_ENGINES=duckdb npm run bench:summary   # one size, one engine
\`\`\`

${runLines(seconds, QUICK)}
- ${coverageLine(columns)}
- ${verdict(columns)}

Each store is filled afresh with the week of events the store benchmark uses (${"5,000"} users, sessions of
40 events, spread evenly over the 7 days before the run), so the last 24 hours hold a seventh of them.
The service is then started on it with \`summaryCacheSeconds: 0\` (no cached answers) and
\`getAnalyticsSummary()\` is timed as production sees it: before each timed call (not timed) a batch of
${ARRIVING} events arrives in the current hour, and for the second line another ${ARRIVING} into an hour 1–3
days old (late events: that hour must be read again). The first call after start is timed on its own
(cold: the bucket cache is empty, so it reads everything, as every call did before). The lines below
time the summary's parts alone, each after a batch arrived. The summary runs its parts concurrently
(DuckDB on 3 reader connections), so its total is less than their sum, and a busy machine shows in
every line: compare lines measured in one run.

${table(columns)}

**Where the time goes.** The metric series (trends, forecasts and anomalies of 7 metrics) used to be
most of it: each summary read 14 days of hourly buckets from events (1.4 s at 10M on DuckDB). They
go through the bucket cache (docs/architecture.md, "The bucket cache"): closed hours are kept and
only the open hour, the partial first hour of each series and — when late events arrived — that hour
are read again. On DuckDB the store's own journal of its writes says which hours changed; on
ClickHouse a fingerprint query over the 14 days (\`ts\` and \`received_at\` only, shared by the
series read together) does, and is the floor of each call there. The KPIs add up from cached hours
too, but for the sessions' mean span (a GROUP BY session over 24 h) and the two percentiles, each
read from the narrow slice of values an hourly histogram points to. The rest is read afresh on each
call: the active sessions and the period's counts by type. The summary cache
(\`summaryCacheSeconds\`, default 10 s) still serves repeated calls.
`;
}

const started = Date.now();
const doc = fileURLToPath(new URL("../docs/benchmarks-stores.md", import.meta.url));
const columns = await eachStore({
  sizes: SIZES,
  engines: ENGINES,
  name: "summary",
  measure,
  async after(done) {
    if (!WRITE) return;
    await writeDoc(
      doc,
      withSection(await readFile(doc, "utf8"), SUMMARY_SECTION, section(done, (Date.now() - started) / 1000)),
    );
  },
});
process.stdout.write(`${table(columns)}\n`);
