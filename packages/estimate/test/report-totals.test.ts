import { describe, expect, it } from "vitest";
import {
  loadCatalog,
  type Calibration,
  type Catalog,
  type EstimateRun,
  type Measurement,
} from "@corpus-census/catalog";
import { buildReport, SHIPPED_CALIBRATION_ID } from "@corpus-census/estimate";
import { BUNDLED_CATALOG } from "../../../test/helpers/catalog-copy.js";

const bundled = loadCatalog(BUNDLED_CATALOG);
const shipped = bundled.measurements.find(
  (m): m is Calibration => m.type === "calibration" && m.id === SHIPPED_CALIBRATION_ID,
)!;
const withMeasurements = (...extra: Measurement[]): Catalog => ({
  ...bundled,
  measurements: [...bundled.measurements, ...extra],
});

/** A newer calibration on two samples with only r50k_base and o200k_base, as the README's example makes. */
const thin: Calibration = {
  ...shipped,
  id: "calibration-2099-01-01",
  createdOn: "2099-01-01",
  samples: shipped.samples.filter(
    (s) => s.file.endsWith("ud_gsd_dev_sentences.txt") || s.file.endsWith("ud_ewt_dev_web.txt"),
  ),
  ratios: shipped.ratios.filter((r) => ["r50k_base", "o200k_base"].includes(r.tokenizer) && r.textKind === "web"),
};

function run(entryId: string, extra: Partial<EstimateRun>): EstimateRun {
  return {
    type: "estimate",
    id: `estimate-${entryId}-2099-01-01-seed1`,
    createdOn: "2099-01-01",
    tool: { name: "corpus-census", version: "0" },
    entryId,
    inputs: [{ name: "part.jsonl", bytes: 35e6, identity: null }],
    method: "test",
    sampleFraction: 0.05,
    seed: 1,
    estimate: {
      documents: { value: 30_000, low: 29_000, high: 31_000 },
      tokens: { r50k_base: { value: 14.9e6, low: 14e6, high: 15e6 } },
    },
    io: { bytesRead: 1.7e6, totalBytes: 35e6 },
    notes: [],
    ...extra,
  };
}

describe("the calibration behind the report", () => {
  it("stays the shipped one when a newer calibration is recorded beside it", () => {
    const tokenizers = ["r50k_base", "o200k_base", "llama3"];
    const before = buildReport(bundled, tokenizers);
    const after = buildReport(withMeasurements(thin), tokenizers);
    expect(after.generatedFrom.calibration).toBe(SHIPPED_CALIBRATION_ID);
    expect(after.lists).toEqual(before.lists);
  });

  it("never totals a tokenizer the chosen calibration lacks as 0, and says what the calibration rests on", () => {
    const report = buildReport(withMeasurements(thin), ["r50k_base", "llama3"], { calibration: thin });
    expect(report.generatedFrom.calibration).toBe(thin.id);
    expect(report.generatedFrom.calibrationBasis?.chosen).toBe("explicit");
    expect(report.generatedFrom.calibrationBasis?.warning).toMatch(/rests on little: 1 ja sample file/);
    for (const list of Object.values(report.lists)) {
      expect(list.estimates.llama3).toBeUndefined();
      expect(list.estimates.r50k_base!.value).toBeGreaterThan(0);
    }
  });
});

describe("a recorded run of an entry", () => {
  const mc4Before = buildReport(bundled, ["r50k_base", "o200k_base"]).lists.ja;
  const mc4 = (catalog: Catalog) => buildReport(catalog, ["r50k_base", "o200k_base"]).lists.ja;

  it("of a sample file or a shard never replaces the estimate of the whole corpus", () => {
    for (const covers of ["sample-file", "shard"] as const) {
      const coverage = {
        covers,
        inputBytes: 35e6,
        uncompressed: true,
        documents: 30_000,
        textBytes: null,
        characters: null,
      };
      expect(mc4(withMeasurements(run("mc4-ja", { coverage })))).toEqual(mc4Before);
    }
  });

  it("said to be of the whole but inconsistent with the catalog's sizes is not used, and the report says why", () => {
    const coverage = {
      covers: "whole" as const,
      inputBytes: 35e6,
      uncompressed: true,
      documents: 30_000,
      textBytes: null,
      characters: null,
    };
    const list = mc4(withMeasurements(run("mc4-ja", { coverage })));
    const entry = list.entries.find((e) => e.id === "mc4-ja")!;
    expect(entry.method).toBe("catalog-size");
    expect(entry.notes.join(" ")).toMatch(/disagrees with the catalog's sizes: documents 30,000 vs 87,425,304/);
    expect(list.estimates.r50k_base).toEqual(mc4Before.estimates.r50k_base);
  });

  it("saved without saying what it covers (an older file) is not used", () => {
    const entry = mc4(withMeasurements(run("mc4-ja", {}))).entries.find((e) => e.id === "mc4-ja")!;
    expect(entry.method).toBe("catalog-size");
    expect(entry.notes.join(" ")).toMatch(/does not record what it covers/);
  });

  it("of the whole, counting fewer tokenizers than the report shows, is named as missing from the others' totals", () => {
    const coverage = {
      covers: "whole" as const,
      inputBytes: 700e9,
      uncompressed: true,
      documents: 87e6,
      textBytes: null,
      characters: null,
    };
    const big = run("mc4-ja", {
      coverage,
      estimate: {
        documents: { value: 87e6, low: 86e6, high: 88e6 },
        tokens: { r50k_base: { value: 300e9, low: 290e9, high: 310e9 } },
      },
    });
    const list = mc4(withMeasurements(big));
    expect(list.entries.find((e) => e.id === "mc4-ja")!.method).toBe("sampled");
    expect(list.estimates.r50k_base!.missing).toEqual([]);
    expect(list.estimates.o200k_base!.missing).toEqual(["mc4-ja"]);
    expect(list.estimates.o200k_base!.entries).toBe(list.estimates.r50k_base!.entries - 1);
  });
});

describe("today's totals keep to one corpus release (issue 23)", () => {
  const report = buildReport(bundled, ["r50k_base"]).lists.current;
  const v4 =
    "llm-jp-tokenizer v4 (llm-jp-tokenizer-v4/v4_alpha_1.0.model, the tokenizer of LLM-jp's v4 pre-training runs)";

  it("sums the LLM-jp v4 parts' v4 figures, and never a v3 figure an entry keeps under its v4 name", () => {
    const published = report.publishedTokens;
    expect(Object.keys(published).some((t) => /llm-jp-tokenizer v3/.test(t))).toBe(false);
    const sum = published[v4]!;
    expect(sum.entries.find((x) => x.id === "llm-jp-corpus-v4-ja-cc")).toEqual(
      expect.objectContaining({ value: 217414351788, corpusVersion: "v4" }),
    );
    expect(sum.entries.find((x) => x.id === "llm-jp-corpus-v4-ja-warp-pdf")!.value).toBe(52455529826);
    // Every LLM-jp v4 part's figure is of v4; other corpora in LLM-jp's v4 tokens (FineWeb-2's subset, CEEK news) have no v3 figure.
    expect(sum.entries.filter((x) => x.id.startsWith("llm-jp-corpus-v4-")).every((x) => x.corpusVersion === "v4")).toBe(
      true,
    );
    expect(sum.entries.some((x) => x.corpusVersion === "v3")).toBe(false);
    expect(sum.value).toBe(sum.entries.reduce((a, x) => a + x.value, 0));
  });

  it("does not convert a size of another release: the v3 kaken conversion's bytes no longer stand for v4 kaken", () => {
    expect(report.perEntry.find((e) => e.id === "llm-jp-corpus-v4-ja-kaken")!.tokens).toEqual({});
    expect(report.perEntry.find((e) => e.id === "llm-jp-corpus-v4-ja-kaken")!.notes).toContain(
      "figures of another release of the corpus (v3) are not used for v4",
    );
  });

  it("keeps an entry's figure of another release out even when it is in the same tokenizer as its own", () => {
    const entries = bundled.entries.map((e) => {
      if (e.id !== "llm-jp-corpus-v4-ja-kaken") return e;
      const own = e.sizes.find((s) => s.corpusVersion === "v4" && s.unit === "tokens")!;
      // An older figure of the same corpus in the same tokenizer, without a scope (so it would be picked first).
      const older = { ...own, value: 9e9, scope: undefined, corpusVersion: "v3" };
      return { ...e, sizes: [older, ...e.sizes] };
    });
    const current = buildReport({ ...bundled, entries }, ["r50k_base"]).lists.current;
    expect(current.publishedTokens[v4]!.entries.find((x) => x.id === "llm-jp-corpus-v4-ja-kaken")!.value).toBe(
      772429478,
    );
    expect(current.publishedTokens[v4]!.value).toBe(report.publishedTokens[v4]!.value);
  });
});
