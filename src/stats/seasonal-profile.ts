import { mean } from "./mean.js";
import { median } from "./percentile.js";

export interface Sample {
  /** Position in the season, 0 ≤ slot < slots (the hour of the day for a daily pattern). */
  slot: number;
  value: number;
}

export interface SeasonalProfile {
  /** Median value of each slot; null for a slot with fewer than `minPerSlot` samples. */
  centre: Array<number | null>;
  /**
   * Share of the variance the slot means explain (the correlation ratio η², 0–1): how much the
   * position in the season tells about the value. 0 when there is no variance at all.
   */
  explained: number;
}

export function seasonalProfile(samples: readonly Sample[], slots: number, minPerSlot = 2): SeasonalProfile {
  const bySlot: number[][] = Array.from({ length: slots }, () => []);
  for (const s of samples) bySlot[s.slot]?.push(s.value);
  const all = samples.map((s) => s.value);
  const grand = all.length ? mean(all) : 0;
  let total = 0;
  for (const v of all) total += (v - grand) ** 2;
  let between = 0;
  for (const xs of bySlot) if (xs.length) between += xs.length * (mean(xs) - grand) ** 2;
  return {
    centre: bySlot.map((xs) => (xs.length >= minPerSlot ? median(xs) : null)),
    explained: total > 0 ? between / total : 0,
  };
}
