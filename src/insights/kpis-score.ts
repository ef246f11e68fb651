/**
 * Bounded scores 0–100 for the KPIs' components. None saturates: each keeps rising (or falling)
 * with its figure, so a better figure always scores better.
 */

/** Higher is better, no natural ceiling: 100·x/(x + half), so `half` scores 50 and 100 is never reached. */
export function halfScore(x: number, half: number): number {
  return x <= 0 ? 0 : (100 * x) / (x + half);
}

/**
 * Lower is better, against a target: piecewise-linear through 100 at 0, 75 at the target and 0 at
 * four times the target (and beyond).
 */
export function targetScore(x: number, target: number): number {
  if (x <= 0) return 100;
  if (x <= target) return 100 - (25 * x) / target;
  return Math.max(0, (75 * (4 * target - x)) / (3 * target));
}

/** A share in 0..1 (success rate): 100 × the share. */
export function shareScore(share: number): number {
  return 100 * Math.min(1, Math.max(0, share));
}

export interface Component {
  name: string;
  /** The measured figure; null when the period holds nothing to measure it by. */
  value: number | null;
  /** What the figure is scored against: the target, or the figure that scores 50. */
  target: number | null;
  score: number | null;
  weight: number;
}

/** The weighted mean of the components that have a score; null when none has. */
export function weightedScore(parts: ReadonlyArray<{ score: number | null; weight: number }>): number | null {
  const scored = parts.filter((p) => p.score !== null && p.weight > 0);
  const weights = scored.reduce((a, p) => a + p.weight, 0);
  return weights > 0 ? scored.reduce((a, p) => a + (p.score as number) * p.weight, 0) / weights : null;
}
