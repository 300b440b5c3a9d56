import type { Interval } from "./interval.js";
import { quantile, seededRandom } from "./random.js";

/**
 * Ratio-of-sums estimates (Σ numerator / Σ denominator over documents) for several
 * numerator/denominator pairs at once, each with a percentile-bootstrap interval from
 * resampling documents with replacement. All pairs share the same resamples.
 */
export function bootstrapRatios(
  numerators: Float64Array[],
  denominators: Float64Array[],
  pairs: [number, number][],
  options: { replicates: number; confidence: number; seed: number },
): Interval[] {
  const n = numerators[0]?.length ?? denominators[0]?.length ?? 0;
  const sum = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0);
  const values = pairs.map(([i, j]) => sum(numerators[i]!) / sum(denominators[j]!));
  const replicates = pairs.map(() => new Float64Array(options.replicates));
  const random = seededRandom(options.seed);
  const pick = new Uint32Array(n);
  const numSums = new Float64Array(numerators.length);
  const denSums = new Float64Array(denominators.length);
  for (let r = 0; r < options.replicates; r++) {
    for (let k = 0; k < n; k++) pick[k] = Math.floor(random() * n);
    numSums.fill(0);
    denSums.fill(0);
    numerators.forEach((column, c) => {
      let s = 0;
      for (let k = 0; k < n; k++) s += column[pick[k]!]!;
      numSums[c] = s;
    });
    denominators.forEach((column, c) => {
      let s = 0;
      for (let k = 0; k < n; k++) s += column[pick[k]!]!;
      denSums[c] = s;
    });
    pairs.forEach(([i, j], p) => (replicates[p]![r] = numSums[i]! / denSums[j]!));
  }
  const alpha = (1 - options.confidence) / 2;
  return pairs.map((_, p) => {
    const sorted = replicates[p]!.filter(Number.isFinite).sort();
    return { value: values[p]!, low: quantile(sorted, alpha), high: quantile(sorted, 1 - alpha) };
  });
}
