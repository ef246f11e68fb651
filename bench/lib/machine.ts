import { cpus, loadavg, platform, release, totalmem } from "node:os";

/** The machine a benchmark ran on, for a report's "Machine:" line. */
export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${platform()} ${release()}, Node ${process.version}`;
}

/** The load averages now, e.g. "2.51, 1.95, 1.67": other work on the machine shows in the figures. */
export const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(", ");

/** A store benchmark section's opening lines: when, on what machine under what load, for how long. */
export function runLines(seconds: number, quick: boolean): string {
  const smoke = quick ? " — **quick smoke run: small sizes; not representative**" : "";
  return `- Date: ${new Date().toISOString()}${smoke}
- Machine: ${machine()}; load average at the end ${load()}; the run took ${Math.round(seconds)} s`;
}
