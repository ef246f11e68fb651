/**
 * Sums a V8 .cpuprofile (from BENCH_CPU_PROF=<dir> or node --cpu-prof) by self time: the top
 * functions, and the share of each source (a file under src/, a package, node internals, GC, idle).
 *
 *   node --import tsx bench/tools/profile-summary.ts <file.cpuprofile> [top=25] [fromSecond] [toSecond]
 *
 * With fromSecond/toSecond only the samples in that window count (pick it from the busy timeline).
 */
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg, fromArg, toArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: profile-summary <file.cpuprofile> [top]");
  process.exit(2);
}
const top = Number(topArg ?? 25);
const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const from = Number(fromArg ?? 0) * 1e6;
const to = toArg === undefined ? Number.POSITIVE_INFINITY : Number(toArg) * 1e6;
const self = new Map<number, number>();
let at = 0;
for (const [i, id] of p.samples.entries()) {
  at += p.timeDeltas[i] ?? 0;
  if (at >= from && at < to) self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);

function source(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native)";
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return `pkg ${nm[1]}`;
  const src = /\/(src|bench)\/(.+)$/.exec(url);
  if (src) return `${src[1]}/${src[2]}`;
  if (url.startsWith("node:")) return url;
  return url;
}

const fns = new Map<string, number>();
const sources = new Map<string, number>();
for (const [id, us] of self) {
  const n = byId.get(id);
  if (!n) continue;
  const { functionName, url, lineNumber } = n.callFrame;
  const s = source(url, functionName);
  const key = `${functionName || "(anonymous)"}  ${s}${url ? `:${lineNumber + 1}` : ""}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
  sources.set(s, (sources.get(s) ?? 0) + us);
}
const show = (m: Map<string, number>, n: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`)
    .join("\n");
// Main-thread busy share per second of the profile: shows whether the JS thread was saturated during a run.
const idleIds = new Set(p.nodes.filter((n) => n.callFrame.functionName === "(idle)").map((n) => n.id));
const perSecond: Array<{ busy: number; all: number }> = [];
let clock = 0;
for (const [i, id] of p.samples.entries()) {
  const dt = p.timeDeltas[i] ?? 0;
  clock += dt;
  perSecond[Math.floor(clock / 1e6)] ??= { busy: 0, all: 0 };
  const slot = perSecond[Math.floor(clock / 1e6)] as { busy: number; all: number };
  slot.all += dt;
  if (!idleIds.has(id)) slot.busy += dt;
}
const timeline = perSecond.map((x, i) => `${i}s:${x.all ? Math.round((100 * x.busy) / x.all) : 0}%`).join(" ");
console.log(
  `${file}: ${(total / 1e6).toFixed(1)} s sampled\nJS thread busy per second: ${timeline}\n\nBy source:\n${show(sources, 20)}\n\nTop functions (self):\n${show(fns, top)}`,
);
