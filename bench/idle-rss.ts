/**
 * Idle server memory: `npm run bench:idle` (builds first; add `-- --write` to also write its section of
 * docs/benchmarks.md; `BENCH_QUICK=1` for one run per variant). Starts `dte-analytics serve` on an empty
 * data directory, compiled and through tsx, waits until its memory holds still and reads its RSS from
 * /proc/<pid>/status. Linux only.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { withSection, writeDoc } from "./lib/doc-file.js";
import { IDLE_HEADING, type IdleRun, type IdleSettings, idleMemory } from "./lib/idle-rss.js";
import { load, machine } from "./lib/machine.js";
import { median } from "./lib/stats.js";

/** The target for the compiled server, in bytes. */
const TARGET = 150e6;
const QUICK = process.env.BENCH_QUICK === "1";
const WRITE = process.argv.includes("--write");
const RUNS = QUICK ? 1 : 3;
const SETTINGS: IdleSettings = { windowMs: 3000, tolerance: 0.01, capMs: 30_000, samples: 5, sampleIntervalMs: 1000 };

const path = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const LISTENING = /listening on http:\/\//;

interface Variant {
  name: string;
  command: string;
  /** Node's arguments, given a fresh data directory; null: not a server (ready at once). */
  args: (dataDir: string) => string[];
  ready: RegExp | null;
}

const serve = (dataDir: string) => ["serve", "--port", "0", "--data-dir", dataDir];
const VARIANTS: Variant[] = [
  {
    name: "Compiled (what `npm start` runs)",
    command: "node bin/dte-analytics.js serve",
    args: (d) => [path("../bin/dte-analytics.js"), ...serve(d)],
    ready: LISTENING,
  },
  {
    name: "Sources through tsx (how it ran before the build)",
    command: "node --import tsx src/cli/main.ts serve",
    args: (d) => ["--import", import.meta.resolve("tsx"), path("../src/cli/main.ts"), ...serve(d)],
    ready: LISTENING,
  },
  {
    name: "Node itself, an idle timer (for orientation)",
    command: 'node -e "setInterval(() => {}, 1e9)"',
    args: () => ["-e", "setInterval(() => {}, 1e9)"],
    ready: null,
  },
];

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const span = (xs: number[]) => {
  const [low, high] = [mb(Math.min(...xs)), mb(Math.max(...xs))];
  return low === high ? "" : `${low}–${high}`;
};

async function measure(v: Variant): Promise<IdleRun[]> {
  const runs: IdleRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dataDir = await mkdtemp(join(tmpdir(), "dte-bench-idle-"));
    try {
      runs.push(
        await idleMemory(
          v.args(dataDir),
          { ANALYTICS_ADMIN_KEY: "bench-idle-admin-key-0123456789" },
          v.ready,
          SETTINGS,
        ),
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    process.stderr.write(`[bench idle] ${v.command}: ${mb(runs.at(-1)?.rss ?? Number.NaN)}\n`);
  }
  return runs;
}

function table(results: Array<{ v: Variant; runs: IdleRun[] }>): string {
  const med = (runs: IdleRun[], k: keyof IdleRun) => median(runs.map((r) => Number(r[k])));
  const rows = results.map(({ v, runs }) => {
    const unsettled = runs.filter((r) => !r.settled).length;
    const notes = [span(runs.map((r) => r.rss)), unsettled ? `${unsettled} run(s) still moving after 30 s` : ""];
    return `| ${v.name}: \`${v.command}\` | ${mb(med(runs, "rss"))} | ${mb(med(runs, "anon"))} | ${mb(med(runs, "file"))} | ${mb(med(runs, "peak"))} | ${notes.filter(Boolean).join("; ")} |`;
  });
  return [
    `| Process | Idle RSS (median of ${RUNS}) | anonymous | file-backed | peak | Notes |`,
    "| --- | ---: | ---: | ---: | ---: | --- |",
    ...rows,
  ].join("\n");
}

function section(results: Array<{ v: Variant; runs: IdleRun[] }>, seconds: number): string {
  const rss = (i: number) => median(results[i]?.runs.map((r) => r.rss) ?? []);
  const compiled = rss(0);
  return `## ${IDLE_HEADING}

Measured by \`bench/idle-rss.ts\`. Re-run with:

\`\`\`sh
npm run bench:idle                # builds, then prints the table below (about a minute)
npm run bench:idle -- --write     # …and rewrites this section
\`\`\`

- Date: ${new Date().toISOString()}${QUICK ? " — **quick smoke run (BENCH_QUICK=1): 1 run each**" : ""}
- Machine: ${machine()}; load average at the end ${load()}; the run took ${Math.round(seconds)} s

Each process starts on an empty data directory (\`dte-analytics serve --port 0 --data-dir <new dir>\`,
embedded DuckDB, no traffic). Once it prints that it listens, its VmRSS is read from \`/proc/<pid>/status\` every
0.25 s until the readings of the last ${SETTINGS.windowMs / 1000} s lie within ${SETTINGS.tolerance * 100}% of each other (at most ${SETTINGS.capMs / 1000} s); then
${SETTINGS.samples} readings ${SETTINGS.sampleIntervalMs / 1000} s apart, and their median. ${RUNS} fresh process(es) per row: each column is the median
over them, Notes give the range of their RSS.
*Anonymous* is heap and stacks (JavaScript, DuckDB's buffers); *file-backed* is mapped code (the node binary,
\`libduckdb.so\`), shared between processes and reclaimable; *peak* is VmHWM, the most resident during start-up.
MB are 10^6 bytes.

${table(results)}

| Target | Measured | Result |
| --- | ---: | --- |
| Idle RSS of the compiled server < ${mb(TARGET)} | ${mb(compiled)} | ${compiled < TARGET ? "**pass**" : "**miss**"} |

Running the sources through tsx cost ${mb(rss(1) - compiled)} more than the build. Of the compiled server's ${mb(compiled)}, an idle
Node process alone holds ${mb(rss(2))}.
`;
}

const started = Date.now();
const results: Array<{ v: Variant; runs: IdleRun[] }> = [];
for (const v of VARIANTS) results.push({ v, runs: await measure(v) });
const text = section(results, (Date.now() - started) / 1000);
process.stdout.write(`${table(results)}\n`);
if (WRITE) {
  const file = path("../docs/benchmarks.md");
  await writeDoc(file, withSection(await readFile(file, "utf8"), IDLE_HEADING, text));
  process.stderr.write(`[bench idle] wrote its section of ${file}\n`);
}
