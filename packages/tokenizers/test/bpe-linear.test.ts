import { describe, expect, it } from "vitest";
import { BpeMerger } from "../src/bpe/bpe-merge.js";
import { PairTable } from "../src/bpe/pair-table.js";
import { TiktokenCounter } from "../src/tiktoken/tiktoken-counter.js";
import { seededRandom } from "../../../test/helpers/random-text.js";
import { bpeByDefinition } from "./helpers/bpe-by-definition.js";

/** A pair table that counts its look-ups: the merge's work, which is what its time follows. */
class CountingPairTable extends PairTable {
  lookups = 0;
  override find(left: number, right: number): number {
    this.lookups++;
    return super.find(left, right);
  }
}

/**
 * A toy vocabulary in the shape of a long run of one character in a real BPE vocabulary:
 * token k is a run of 2^k bytes, and two equal runs merge (shorter runs first), up to 64 bytes.
 */
function lookupsFor(length: number): { parts: number; lookups: number } {
  const pairs = new CountingPairTable();
  for (let k = 0; k < 6; k++) pairs.add(k, k, k, k + 1);
  const parts = new BpeMerger(pairs).count(new Int32Array(length), length);
  return { parts, lookups: pairs.lookups };
}

describe("BPE merging of long pieces", () => {
  it("does work proportional to n log n, not n²", () => {
    const small = lookupsFor(50_000);
    const large = lookupsFor(400_000);
    // 8× the input: n log n gives ~9×, n² would give 64×.
    expect(large.lookups / small.lookups).toBeLessThan(12);
    expect(large.parts).toBe(Math.ceil(400_000 / 64));
  });

  it("merges like the definition on both sides of the scan/heap switch-over, ties included", () => {
    const random = seededRandom(7);
    const alphabet = 12;
    for (let trial = 0; trial < 40; trial++) {
      // Random merges over a small alphabet, with few distinct ranks so that ties are common.
      const pairs = new PairTable();
      for (let a = 0; a < alphabet; a++)
        for (let b = 0; b < alphabet; b++)
          if (random() < 0.4) pairs.add(a, b, Math.floor(random() * 8), Math.floor(random() * alphabet));
      for (const n of [2, 5, 40, 95, 96, 97, 150, 400]) {
        const ids = Array.from({ length: n }, () => Math.floor(random() * alphabet));
        expect(new BpeMerger(pairs).count(Int32Array.from(ids), n), `trial ${trial}, n ${n}`).toBe(
          bpeByDefinition(ids, pairs).length,
        );
      }
    }
  });

  it("counts a 400,000-character run through a real encoding", () => {
    const counter = TiktokenCounter.load("o200k_base", "o200k_base");
    expect(counter.count("あ".repeat(400_000))).toBeGreaterThan(0);
    expect(counter.count("a".repeat(400_000))).toBe(50_000);
  });
});
