import { mean } from "./mean.js";

/** Sample standard deviation (n − 1 in the denominator, as numpy's `std(ddof=1)`); needs two values. */
export function sampleStdDev(values: readonly number[]): number {
  if (values.length < 2) throw new RangeError("a sample standard deviation needs at least 2 values");
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) ** 2;
  return Math.sqrt(ss / (values.length - 1));
}
