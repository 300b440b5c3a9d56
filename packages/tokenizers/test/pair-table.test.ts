import { describe, expect, it } from "vitest";
import { PairTable } from "../src/bpe/pair-table.js";
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
