import { describe, expect, it } from "vitest";
import { countMerges } from "../src/tokenizers/bpe-merge.js";
import { TiktokenCounter } from "@corpus-census/count";

/**
 * The merge must not be quadratic on a piece without split points. Time is not measured here
 * (benchmarks do that); the number of rank look-ups is, which is what the time follows.
 */
function lookupsFor(length: number): { parts: number; lookups: number } {
  let lookups = 0;
  // Ranks of a toy vocabulary: any pair of equal-length runs merges, shorter first — the
  // shape of a long run of one character in a real BPE vocabulary.
  const parts = countMerges(length, (start, mid, end) => {
    lookups++;
    const left = mid - start;
    const right = end - mid;
    return left === right && left <= 64 ? left : undefined;
  });
  return { parts, lookups };
}

describe("BPE merging of long pieces", () => {
  it("does work proportional to n log n, not n²", () => {
    const small = lookupsFor(50_000);
    const large = lookupsFor(400_000);
    // 8× the input: n log n gives ~9×, n² would give 64×.
    expect(large.lookups / small.lookups).toBeLessThan(12);
    expect(large.parts).toBe(Math.ceil(400_000 / 128));
  });

  it("gives the same parts as the simple scan at the switch-over length", () => {
    const rank = (s: number, m: number, e: number) => ((s * 31 + m * 7 + e) % 5 === 0 ? undefined : (s * 13 + e) % 17);
    for (let n = 100; n < 160; n++) {
      // Below 128 the scan runs; above, the heap. Both must agree with a reference scan.
      expect(countMerges(n, rank)).toBe(referenceScan(n, rank));
    }
  });

  it("counts a 400,000-character run through a real encoding", () => {
    const counter = new TiktokenCounter("o200k_base", "o200k_base");
    expect(counter.count("あ".repeat(400_000))).toBeGreaterThan(0);
    expect(counter.count("a".repeat(400_000))).toBe(50_000);
  });
});

function referenceScan(n: number, rankOf: (s: number, m: number, e: number) => number | undefined): number {
  const starts = Array.from({ length: n + 1 }, (_, i) => i);
  for (;;) {
    let best = Infinity;
    let at = -1;
    for (let i = 0; i + 2 < starts.length; i++) {
      const r = rankOf(starts[i]!, starts[i + 1]!, starts[i + 2]!) ?? Infinity;
      if (r < best) {
        best = r;
        at = i;
      }
    }
    if (at < 0) return starts.length - 1;
    starts.splice(at + 1, 1);
  }
}
