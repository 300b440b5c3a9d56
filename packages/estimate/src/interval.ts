/** A point estimate with a confidence interval. */
export interface Interval {
  value: number;
  low: number;
  high: number;
}

/**
 * Adds intervals of figures whose errors may move together (ratios measured on the same
 * samples): bounds add, the conservative choice when the dependence is unknown.
 */
export function sumIntervals(intervals: Interval[]): Interval {
  return intervals.reduce((a, b) => ({ value: a.value + b.value, low: a.low + b.low, high: a.high + b.high }), {
    value: 0,
    low: 0,
    high: 0,
  });
}
