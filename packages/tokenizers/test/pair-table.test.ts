import { describe, expect, it } from "vitest";
import { blockSlot, type PackedPairTable, packPairTable } from "../src/bpe/packed-pair-table.js";
import { PairTable, rightClass } from "../src/bpe/pair-table.js";
import type { ByteBpeModel } from "../src/bpe/byte-bpe.js";
import { wasmPatternOf } from "../src/bpe/wasm-byte-bpe.js";
import { SCANNED_PATTERNS } from "../src/text/pre-tokenizer-splitter.js";
import { tiktokenBpeParts } from "../src/tiktoken/tiktoken-counter.js";
import { seededRandom } from "../../../test/helpers/random-text.js";

/**
 * The pair table's filters may only ever answer "no" for a pair that is not there: every
 * look-up is checked against a plain Map of the same merges, on a real vocabulary's pairs and
 * on random ones, after growing and after a round trip through the model a worker receives.
 */
function referenceOf(pairs: PairTable): Map<string, [number, number]> {
  const map = new Map<string, [number, number]>();
  pairs.forEach((left, right, rank, merged) => {
    map.set(`${left},${right}`, [rank, merged]);
  });
  return map;
}

function expectSame(pairs: PairTable, reference: Map<string, [number, number]>, probes: [number, number][]): void {
  let mismatches = 0;
  for (const [left, right] of probes) {
    const expected = reference.get(`${left},${right}`);
    const rank = pairs.rank(left, right);
    const merged = pairs.merged(left, right);
    if (expected === undefined ? rank !== -1 || merged !== -1 : rank !== expected[0] || merged !== expected[1])
      mismatches++;
  }
  expect(mismatches).toBe(0);
}

describe("the pair table", () => {
  it("finds every merge of o200k_base and none of a million random pairs that are not merges", () => {
    const { pairs, tokens } = tiktokenBpeParts("o200k_base");
    const reference = referenceOf(pairs);
    expect(reference.size).toBe(pairs.size);
    const probes: [number, number][] = [...reference.keys()].map((k) => k.split(",").map(Number) as [number, number]);
    const random = seededRandom(27);
    for (let i = 0; i < 1_000_000; i++)
      probes.push([Math.floor(random() * tokens.length), Math.floor(random() * tokens.length)]);
    expectSame(pairs, reference, probes);
    expectSame(PairTable.fromModel(pairs.model()), reference, probes);
  });

  it("answers as a Map after growing from small, for dense and sparse ids", () => {
    const random = seededRandom(2027);
    for (const range of [50, 5000, 3_000_000]) {
      const pairs = new PairTable(4);
      const reference = new Map<string, [number, number]>();
      for (let i = 0; i < 20_000; i++) {
        const left = Math.floor(random() * range);
        const right = Math.floor(random() * range);
        const rank = Math.floor(random() * 100);
        pairs.add(left, right, rank, i);
        if (!reference.has(`${left},${right}`)) reference.set(`${left},${right}`, [rank, i]);
      }
      const probes: [number, number][] = [];
      for (let i = 0; i < 100_000; i++)
        probes.push([Math.floor(random() * range * 1.1), Math.floor(random() * range * 1.1)]);
      for (const key of reference.keys()) probes.push(key.split(",").map(Number) as [number, number]);
      expectSame(pairs, reference, probes);
      expectSame(PairTable.fromModel(pairs.model()), reference, probes);
    }
  });
});

/** wasm/byte-bpe.c's `pair_rank` and the merged token of that rank, over the packed table. */
function packedLookUp(table: PackedPairTable, left: number, right: number): [number, number] | undefined {
  if (left >= table.lefts.length / 2) return undefined;
  if (((table.lefts[2 * left]! >>> rightClass(right)) & 1) === 0) return undefined;
  const bits = table.lefts[2 * left + 1]! >>> 26;
  const first = table.lefts[2 * left + 1]! & ((1 << 26) - 1);
  for (let at = blockSlot(right, bits); ; at = (at + 1) & ((1 << bits) - 1)) {
    const low = table.slots[2 * (first + at)]!;
    const high = table.slots[2 * (first + at) + 1]!;
    if (low === 0xffffffff && high === 0xffffffff) return undefined;
    if ((low & 0x1fffff) === right) return [(low >>> 21) | ((high & 0x3ff) << 11), (high >>> 10) & 0x1fffff];
  }
}

describe("the pair table packed for the WebAssembly counter", () => {
  it("gives every merge of o200k_base its rank and merged token, and random pairs that are not merges none", () => {
    const { pairs, tokens } = tiktokenBpeParts("o200k_base");
    const packed = packPairTable(pairs.model())!;
    expect(packed).toBeDefined();
    let mismatches = 0;
    pairs.forEach((left, right, rank, merged) => {
      const found = packedLookUp(packed, left, right);
      if (found?.[0] !== rank || found[1] !== merged) mismatches++;
    });
    const random = seededRandom(2028);
    for (let i = 0; i < 200_000; i++) {
      const left = Math.floor(random() * tokens.length);
      const right = Math.floor(random() * tokens.length);
      if ((packedLookUp(packed, left, right)?.[0] ?? -1) !== pairs.rank(left, right)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it("answers as PairTable for dense and sparse ids, one pair or many per left token", () => {
    const random = seededRandom(2029);
    // Up to 2,000,000: ids near the 21-bit limit of the packed slots.
    for (const range of [3, 50, 5000, 2_000_000]) {
      const pairs = new PairTable(4);
      for (let i = 0; i < 20_000; i++) {
        const left = Math.floor(random() * range);
        const right = Math.floor(random() * range);
        pairs.add(left, right, i, Math.floor(random() * range));
      }
      const packed = packPairTable(pairs.model())!;
      let mismatches = 0;
      for (let i = 0; i < 100_000; i++) {
        const left = Math.floor(random() * range * 1.1);
        const right = Math.floor(random() * range * 1.1);
        const expected = pairs.rank(left, right);
        const found = packedLookUp(packed, left, right);
        if ((found?.[0] ?? -1) !== expected || (found !== undefined && found[1] !== pairs.merged(left, right)))
          mismatches++;
      }
      pairs.forEach((left, right, rank) => {
        if (packedLookUp(packed, left, right)?.[0] !== rank) mismatches++;
      });
      expect(mismatches).toBe(0);
    }
  });

  it("is refused (so the TypeScript counter counts) for ids or ranks past 21 bits", () => {
    const packable = new PairTable(4);
    packable.add(1, 2, 0, 3);
    packable.add(2, 1, 0, 4);
    packable.add(0x1fffff, 0x1ffffe, 0x1ffffd, 0x1ffffc);
    expect(packedLookUp(packPairTable(packable.model())!, 0x1fffff, 0x1ffffe)).toEqual([0x1ffffd, 0x1ffffc]);
    const pattern = SCANNED_PATTERNS[0]!;
    expect(wasmPatternOf([pattern], { packedPairs: packPairTable(packable.model()) } as ByteBpeModel)).toBeDefined();
    for (const [left, right, rank, merged] of [
      [1 << 21, 2, 0, 3],
      [1, 1 << 21, 0, 3],
      [1, 2, 1 << 21, 3],
      [1, 2, 0, 1 << 21],
    ] as const) {
      const table = new PairTable(4);
      table.add(left, right, rank, merged);
      expect(packPairTable(table.model())).toBeUndefined();
      expect(wasmPatternOf([pattern], { packedPairs: packPairTable(table.model()) } as ByteBpeModel)).toBeUndefined();
    }
  });
});
