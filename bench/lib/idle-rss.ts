/** Resident memory of an idle process, read from Linux's /proc/<pid>/status. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { median } from "./stats.js";

/** The figures of /proc/<pid>/status that tell where resident memory is, in bytes. */
export interface Memory {
  /** VmRSS: all resident pages. */
  rss: number;
  /** RssAnon: heaps and stacks (JavaScript, DuckDB's buffers). */
  anon: number;
  /** RssFile: mapped files (the node binary, libduckdb.so): shared and reclaimable. */
  file: number;
  /** VmHWM: the most resident at any moment, i.e. at start-up. */
  peak: number;
}

export interface IdleRun extends Memory {
  /** Seconds from "listening" until RSS held still. */
  settledAfter: number;
  /** False when RSS was still moving at the cap: the figure is then a lower bound. */
  settled: boolean;
}

export interface IdleSettings {
  /** RSS counts as idle once its readings over this window span at most `tolerance` of it. */
  windowMs: number;
  tolerance: number;
  /** Give up waiting for stillness after this long. */
  capMs: number;
  /** Readings taken once idle; each figure is their median. */
  samples: number;
  sampleIntervalMs: number;
}

/** Its section of docs/benchmarks.md, which the ingestion benchmark keeps when it rewrites the file. */
export const IDLE_HEADING = "Idle server memory";

const FIELDS = { rss: "VmRSS", anon: "RssAnon", file: "RssFile", peak: "VmHWM" } as const;

export async function readMemory(pid: number): Promise<Memory> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(status);
    if (!m?.[1]) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(m[1]) * 1024;
  };
  return { rss: kib(FIELDS.rss), anon: kib(FIELDS.anon), file: kib(FIELDS.file), peak: kib(FIELDS.peak) };
}

/** Waits until RSS holds still (or the cap passes); returns how long that took and whether it did. */
async function settle(pid: number, s: IdleSettings): Promise<{ seconds: number; settled: boolean }> {
  const step = 250;
  const readings: number[] = [];
  const started = Date.now();
  for (;;) {
    readings.push((await readMemory(pid)).rss);
    const recent = readings.slice(-Math.ceil(s.windowMs / step));
    const full = readings.length >= Math.ceil(s.windowMs / step);
    const still = full && Math.max(...recent) - Math.min(...recent) <= s.tolerance * Math.max(...recent);
    const seconds = (Date.now() - started) / 1000;
    if (still || Date.now() - started >= s.capMs) return { seconds, settled: still };
    await sleep(step);
  }
}

/**
 * Starts `node <args>` with `env` added, waits until its stdout matches `ready` (when given) and its
 * memory holds still, then reads it `samples` times; the process is killed afterwards, whatever happens.
 */
export async function idleMemory(
  args: string[],
  env: Record<string, string>,
  ready: RegExp | null,
  s: IdleSettings,
): Promise<IdleRun> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, NODE_OPTIONS: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = once(child, "exit");
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  try {
    const pid = child.pid;
    if (pid === undefined) throw new Error(`could not start node ${args.join(" ")}`);
    if (ready) {
      while (!ready.test(output)) {
        if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before it was ready: ${output}`);
        await sleep(50);
      }
    }
    const { seconds, settled } = await settle(pid, s);
    const readings: Memory[] = [];
    for (let i = 0; i < s.samples; i++) {
      if (i > 0) await sleep(s.sampleIntervalMs);
      readings.push(await readMemory(pid));
    }
    const med = (k: keyof Memory) => median(readings.map((r) => r[k]));
    return { rss: med("rss"), anon: med("anon"), file: med("file"), peak: med("peak"), settledAfter: seconds, settled };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  }
}
