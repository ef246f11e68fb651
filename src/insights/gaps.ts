import type { Point } from "./metric.js";

/**
 * A series with gaps (buckets of a mean or rate that held no events) as consecutive values for
 * smoothing: leading gaps dropped, inner ones interpolated linearly between their neighbours,
 * trailing ones carried from the last value. Says how many values it made up.
 */
export function fillGaps(points: readonly Point[]): { values: number[]; filled: number } {
  const first = points.findIndex((p) => p.value !== null);
  if (first < 0) return { values: [], filled: 0 };
  const values: number[] = [];
  let filled = 0;
  let last = first;
  for (let i = first; i < points.length; i++) {
    const v = (points[i] as Point).value;
    if (v === null) continue;
    const from = (points[last] as Point).value as number;
    for (let g = last + 1; g < i; g++) {
      values.push(from + ((v - from) * (g - last)) / (i - last));
      filled += 1;
    }
    values.push(v);
    last = i;
  }
  const carried = points.length - 1 - last;
  for (let g = 0; g < carried; g++) values.push(values.at(-1) as number);
  return { values, filled: filled + carried };
}
