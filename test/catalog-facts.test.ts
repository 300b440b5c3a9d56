import { loadRegistry } from "@corpus-census/tokenizers";
import { describe, expect, it } from "vitest";
import { isUsable, loadCatalog, type Entry } from "@corpus-census/catalog";
import { BUNDLED_CATALOG } from "./helpers/catalog-copy.js";

// Facts of the bundled catalog that the product's answers rest on; each was read from the
// source cited in the entry. A change here is a change of what the secretariat publishes.
const catalog = loadCatalog(BUNDLED_CATALOG);
const entry = (id: string): Entry => {
  const found = catalog.entries.find((e) => e.id === id);
  if (!found) throw new Error(`no entry ${id}`);
  return found;
};
const flagCodes = (id: string) => entry(id).flags.map((f) => f.code);

describe("what the catalog says about doubtful entries of the report", () => {
  it("flags the image data sets as not text", () => {
    expect(flagCodes("mnist")).toEqual(expect.arrayContaining(["not-text", "no-such-language"]));
    expect(flagCodes("hjdataset")).toContain("not-text");
    expect(entry("mnist").kind).toBe("images");
  });

  it("flags Europarl as having no Japanese part", () => {
    expect(flagCodes("europarl-ja")).toContain("no-such-language");
  });

  it("records the deduplicated OSCAR as a subset of the original, with whitespace word counts", () => {
    const dedup = entry("oscar-deduplicated-ja");
    expect(dedup.flags.find((f) => f.code === "subset-of")?.target).toBe("oscar-original-ja");
    expect(flagCodes("oscar-original-ja")).toContain("whitespace-word-count");
    expect(dedup.sizes.some((s) => s.unit === "whitespace-words")).toBe(true);
  });

  it("marks withdrawn and unreleased corpora", () => {
    expect(flagCodes("amazon-reviews-multi-ja")).toContain("withdrawn");
    expect(flagCodes("line-lm-corpus")).toContain("not-released");
  });

  it("records NINJAL's short-unit word count for BCCWJ in its own unit", () => {
    const shortUnits = entry("bccwj").sizes.find((s) => s.unit === "short-unit-words");
    expect(shortUnits?.value).toBe(104911464);
  });
});

describe("which corpora a commercial model may be trained on", () => {
  const usable = catalog.entries.filter((e) => isUsable(e, "commercial")).map((e) => e.id);

  it("includes openly licensed text such as Wikipedia and mC4", () => {
    expect(usable).toEqual(expect.arrayContaining(["wikipedia-ja", "mc4-ja", "jaquad", "eebo"]));
  });

  it("excludes non-commercial, paid-by-agreement, search-only, withdrawn and non-text entries", () => {
    for (const id of [
      "bsd",
      "bccwj",
      "coca",
      "hansard-corpus",
      "amazon-reviews-multi-ja",
      "mnist",
      "europarl-ja",
      "nwjc",
      "national-archives-japan",
    ]) {
      expect(usable, id).not.toContain(id);
    }
  });

  it("includes only entries whose terms say commercial use is allowed", () => {
    for (const id of usable) expect(["allowed", "allowed-with-conditions"]).toContain(entry(id).commercialUse);
  });
});

describe("the shipped measurements", () => {
  const calibration = catalog.measurements.find(
    (m) => m.type === "calibration" && m.id === "calibration-corpus-samples",
  );

  it("calibrate every registry tokenizer in every unit, for both languages, from the shared samples", () => {
    expect(calibration).toBeDefined();
    if (calibration?.type !== "calibration") return;
    const tokenizers = new Set(calibration.ratios.map((r) => r.tokenizer));
    expect([...tokenizers].sort()).toEqual(
      loadRegistry()
        .map((e) => e.id)
        .sort(),
    );
    for (const lang of ["ja", "en"] as const) {
      const units = new Set(calibration.ratios.filter((r) => r.lang === lang).map((r) => r.unit));
      expect([...units].sort()).toEqual(
        lang === "ja"
          ? ["bytes-uncompressed", "characters", "morphemes", "whitespace-words"]
          : ["bytes-uncompressed", "characters", "whitespace-words"],
      );
    }
    for (const r of calibration.ratios)
      expect(r.low <= r.value && r.value <= r.high, `${r.tokenizer} ${r.lang} ${r.textKind} ${r.unit}`).toBe(true);
    expect(calibration.samples.every((s) => /^[0-9a-f]{64}$/.test(s.sha256))).toBe(true);
  });

  it("say that Japanese costs GPT-3's tokenizer far more tokens per character than a modern one", () => {
    if (calibration?.type !== "calibration") return;
    const perChar = (t: string) =>
      calibration.ratios.find(
        (r) => r.tokenizer === t && r.lang === "ja" && r.textKind === "encyclopedia" && r.unit === "characters",
      )!.value;
    expect(perChar("r50k_base")).toBeGreaterThan(1.5 * perChar("o200k_base"));
  });
});
