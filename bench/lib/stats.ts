/** The median of some repetitions (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** 123456 → "123,456"; rounds to an integer. */
export const int = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "n/a");

/** A rate with its unit, e.g. "123,456 events/s". */
export const rate = (x: number, unit: string) => `${int(x)} ${unit}`;

export const ms = (x: number) => (Number.isFinite(x) ? `${x < 10 ? x.toFixed(1) : Math.round(x)} ms` : "n/a");

export const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)}%` : "n/a");

/** The spread of repetitions, e.g. "98k–104k", for the notes column. */
export function spread(xs: number[]): string {
  if (xs.length < 2) return "";
  const k = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(0)}k` : int(x));
  return `${k(Math.min(...xs))}–${k(Math.max(...xs))}`;
}

export interface Timing {
  name: string;
  ms: number;
}

/** The median time of `reps` runs after one warm-up. */
export async function timedMedian(name: string, reps: number, run: () => Promise<unknown>): Promise<Timing> {
  await run();
  const xs: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    await run();
    xs.push(performance.now() - t);
  }
  return { name, ms: median(xs) };
}
