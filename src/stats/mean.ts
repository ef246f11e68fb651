/** Arithmetic mean; an empty sample has none. */
export function mean(values: readonly number[]): number {
  if (!values.length) throw new RangeError("mean of no values");
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
