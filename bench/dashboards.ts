/**
 * Dashboard benchmark: `npm run bench:dashboards` (add `-- --write` to also write its section of
 * docs/benchmarks-stores.md; `BENCH_QUICK=1` for a smoke run). Fills a DuckDB and a ClickHouse store
 * with a week of events (bench/lib/bench-events.ts, as bench/store.ts does), starts the service on
 * each and times the `executive` and `cognitive` dashboards' data over the last 24 hours and the
 * last 30 days: the whole dashboard, and each widget alone (the slowest shown). Sizes run smallest
 * first on both engines, and the doc is rewritten after each, so an interrupted run keeps what it measured.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { predefined } from "../src/dashboards/predefined.js";
import { AnalyticsService } from "../src/service.js";
import { openStore } from "../src/store/open-store.js";
import { fillStore } from "./lib/bench-events.js";
import { coverageLine } from "./lib/coverage.js";
import { DASHBOARDS_SECTION } from "./lib/dashboards-section.js";
import { withSection, writeDoc } from "./lib/doc-file.js";
import { eachStore } from "./lib/each-store.js";
import { runLines } from "./lib/machine.js";
import { int, ms, timedMedian } from "./lib/stats.js";

const QUICK = process.env.BENCH_QUICK === "1";
const WRITE = process.argv.includes("--write");
const SIZES = (process.env.BENCH_DASHBOARD_SIZES ?? (QUICK ? "100000" : "1000000,10000000")).split(",").map(Number);
const ENGINES = (process.env.BENCH_ENGINES ?? "duckdb,clickhouse").split(",");
const REPS = QUICK ? 3 : 5;
const DASHBOARD_TARGET_MS = 500;
const WIDGET_TARGET_MS = 300;
const VIEWS = [
  { name: "24 h", hours: 24 },
  { name: "30 days", hours: 30 * 24 },
];
const DASHBOARDS = ["executive", "cognitive"];

interface Row {
  what: string;
  whole: number;
  slowest: { widget: string; ms: number };
}

interface Column {
  engine: string;
  size: number;
  fillSeconds: number;
  rows: Row[];
}

const log = (msg: string) => process.stderr.write(`[bench:dashboards] ${msg}\n`);

/**
 * Each widget of a built-in alone: a custom dashboard holding only it, timed through the same public
 * call (so its time includes what every dashboard answer reads once: the price table and the newest event).
 */
async function widgetsAlone(service: AnalyticsService, id: string): Promise<Array<{ widget: string; id: string }>> {
  const def = predefined(id);
  if (!def) throw new Error(`no built-in dashboard ${id}`);
  const out: Array<{ widget: string; id: string }> = [];
  for (const w of def.widgets) {
    const alone = `bench-${id}-${w.widget_id}`;
    await service.createDashboard({ id: alone, name: alone, widgets: [w] });
    out.push({ widget: w.widget_id, id: alone });
  }
  return out;
}

async function measure(engine: string, size: number, storeUrl: string, dir: string): Promise<Column> {
  const store = await openStore(storeUrl, dir);
  await store.migrate();
  const t = performance.now();
  await fillStore(store, { from: 0, to: size, total: size, end: Date.now(), segment: 1 });
  const fillSeconds = (performance.now() - t) / 1000;
  await store.close();
  const service = new AnalyticsService({ dataDirectory: dir, storeUrl, adminKey: "bench-admin-key-0123456789" });
  await service.start();
  try {
    const rows: Row[] = [];
    for (const id of DASHBOARDS) {
      const alone = await widgetsAlone(service, id);
      for (const view of VIEWS) {
        const q = { hours: view.hours };
        const whole = await timedMedian(id, REPS, () => service.getDashboardData(id, q));
        let slowest = { widget: "", ms: 0 };
        for (const w of alone) {
          const one = await timedMedian(w.id, REPS, () => service.getDashboardData(w.id, q));
          log(`${engine} @ ${int(size)}: ${id} ${view.name}: ${w.widget} alone ${ms(one.ms)}`);
          if (one.ms > slowest.ms) slowest = { widget: w.widget, ms: one.ms };
        }
        rows.push({ what: `${id}, ${view.name}`, whole: whole.ms, slowest });
        log(
          `${engine} @ ${int(size)}: ${id} ${view.name}: ${ms(whole.ms)}, slowest ${slowest.widget} ${ms(slowest.ms)}`,
        );
      }
    }
    return { engine, size, fillSeconds, rows };
  } finally {
    await service.stop();
  }
}

function table(columns: Column[]): string {
  const head = `| Dashboard, view (median of ${REPS}) | ${columns.map((c) => `${c.engine} @ ${int(c.size)}`).join(" | ")} |`;
  const rule = `|---|${columns.map(() => "---:").join("|")}|`;
  const whats = columns[0]?.rows.map((r) => r.what) ?? [];
  const rows = whats.flatMap((what, i) => [
    `| ${what}: whole dashboard | ${columns.map((c) => ms(c.rows[i]?.whole ?? Number.NaN)).join(" | ")} |`,
    `| ${what}: slowest widget alone | ${columns
      .map((c) => {
        const s = c.rows[i]?.slowest;
        return s ? `${ms(s.ms)} (${s.widget})` : "n/a";
      })
      .join(" | ")} |`,
  ]);
  const fill = `| Filling the store (s, not part of the dashboards) | ${columns.map((c) => int(c.fillSeconds)).join(" | ")} |`;
  return [head, rule, ...rows, fill].join("\n");
}

/** Whether the run met the targets at 10M events on DuckDB. */
function verdict(columns: Column[]): string {
  const c = columns.find((x) => x.engine === "DuckDB" && x.size === 10_000_000);
  if (!c) return "The target size (10M on DuckDB) was not measured in this run.";
  const slowDashboards = c.rows.filter((r) => r.whole >= DASHBOARD_TARGET_MS).map((r) => `${r.what} ${ms(r.whole)}`);
  const slowWidgets = c.rows
    .filter((r) => r.slowest.ms >= WIDGET_TARGET_MS)
    .map((r) => `${r.what}: ${r.slowest.widget} ${ms(r.slowest.ms)}`);
  if (!slowDashboards.length && !slowWidgets.length) return "Targets met at 10M events on DuckDB.";
  return `**Targets not met** at 10M events on DuckDB: ${[...slowDashboards, ...slowWidgets].join("; ")} (see below).`;
}

function section(columns: Column[], seconds: number, notes: string): string {
  return `## ${DASHBOARDS_SECTION}

Measured by \`bench/dashboards.ts\` (targets: under ${DASHBOARD_TARGET_MS} ms per dashboard and under
${WIDGET_TARGET_MS} ms per widget at 10M events on DuckDB). Re-run with:

\`\`\`sh
npm run bench:dashboards                # prints the table
npm run bench:dashboards -- --write     # …and rewrites this section
BENCH_DASHBOARD_SIZES=1000000 BENCH_ENGINES=duckdb npm run bench:dashboards   # one size, one engine
\`\`\`

${runLines(seconds, QUICK)}
- ${coverageLine(columns)}
- ${verdict(columns)}

Each store is filled afresh with the week of events the store benchmark uses (5,000 users, sessions of
40 events, spread evenly over the 7 days before the run): the 24-hour view reads a seventh of them, the
30-day view all. The service is started on it and \`getDashboardData(id, { hours })\` is timed (one
warm-up, then the median), first for the whole dashboard (its widgets run concurrently), then for each
widget alone on a dashboard of its own (which also reads the price table and the newest event's time,
as every answer does); the slowest is shown.

${table(columns)}
${notes}`;
}

const started = Date.now();
const doc = fileURLToPath(new URL("../docs/benchmarks-stores.md", import.meta.url));
/** What the section says below the table (kept across runs: written by hand after reading the figures). */
const NOTES_MARK = "<!-- dashboards: notes -->";
const columns = await eachStore({
  sizes: SIZES,
  engines: ENGINES,
  name: "dashboards",
  measure,
  async after(done) {
    if (!WRITE) return;
    const before = await readFile(doc, "utf8");
    const at = before.indexOf(NOTES_MARK);
    const notes = at < 0 ? `\n${NOTES_MARK}\n` : `\n${before.slice(at).split("\n## ")[0]?.trimEnd()}\n`;
    await writeDoc(doc, withSection(before, DASHBOARDS_SECTION, section(done, (Date.now() - started) / 1000, notes)));
  },
});
process.stdout.write(`${table(columns)}\n`);
