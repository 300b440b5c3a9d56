import type { Calibration } from "@corpus-census/catalog";

type Ratio = Calibration["ratios"][number];

/** A calibrated ratio of `value` tokens per unit with a ±10 % interval, for tests that convert sizes with it. */
export function testRatio(
  tokenizer: string,
  lang: Ratio["lang"],
  textKind: Ratio["textKind"],
  unit: Ratio["unit"],
  value: number,
): Ratio {
  return {
    tokenizer,
    lang,
    textKind,
    unit,
    value,
    low: value * 0.9,
    high: value * 1.1,
    documents: 100,
    tokens: 1,
    unitTotal: 1,
    samples: ["a".repeat(64)],
  };
}

/** A calibration of one sample holding only `ratios`: no per-file totals, so its intervals are the ratios' own. */
export function testCalibration(ratios: Ratio[]): Calibration {
  return {
    type: "calibration",
    id: "test",
    createdOn: "2026-11-22",
    tool: { name: "corpus-census", version: "0" },
    method: "test",
    confidence: 0.95,
    replicates: 10,
    seed: 1,
    morphemeAnalyzer: "kuromoji",
    samples: [{ file: "x", sha256: "a".repeat(64), bytes: 1, lang: "ja", textKind: "web", documents: 100 }],
    ratios,
  };
}
