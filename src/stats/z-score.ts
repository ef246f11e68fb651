/** How many standard deviations `value` lies from `mean`; 0 when there is no spread (a constant baseline). */
export function zScore(value: number, mean: number, sd: number): number {
  return sd > 0 ? (value - mean) / sd : 0;
}
