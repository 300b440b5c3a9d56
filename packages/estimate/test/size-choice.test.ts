import { describe, expect, it } from "vitest";
import { loadCatalog, type Entry } from "@corpus-census/catalog";
import { estimateFromCatalog } from "@corpus-census/estimate";
import { BUNDLED_CATALOG } from "../../../test/helpers/catalog-copy.js";
import { testCalibration, testRatio } from "./helpers/calibration-fixture.js";

const catalog = loadCatalog(BUNDLED_CATALOG);
const entry = (id: string) => catalog.entries.find((e) => e.id === id)!;

const ratio = (unit: "bytes-uncompressed" | "characters" | "morphemes", value: number) =>
  testRatio("r50k_base", "ja", "web", unit, value);
const calibration = testCalibration([
  ratio("bytes-uncompressed", 0.5),
  ratio("characters", 1.4),
  ratio("morphemes", 1.2),
]);

describe("the catalog figure converted for an entry is the one closest to its text", () => {
  it("converts mC4's 239.7 billion characters, not its 782 GB of TFRecord files, and says why", () => {
    const mc4 = estimateFromCatalog(entry("mc4-ja"), calibration, ["r50k_base"]);
    expect(mc4.size?.unit).toBe("characters");
    expect(mc4.size?.value).toBe(239.7e9);
    expect(mc4.tokens.r50k_base!.value).toBeCloseTo(239.7e9 * 1.4, -3);
    expect(mc4.sizeBasis?.basis).toBe("text-characters");
    expect(mc4.sizeBasis?.reason).toMatch(/preferred over 782,000,000,000 .*bytes of a container/);
  });

  it("converts Wikipedia's Arrow size only for want of a text figure, and calls it an upper bound", () => {
    const wiki = estimateFromCatalog(entry("wikipedia-ja"), calibration, ["r50k_base"]);
    expect(wiki.size?.unit).toBe("bytes-uncompressed");
    expect(wiki.sizeBasis?.basis).toBe("container-bytes");
    expect(wiki.sizeBasis?.reason).toMatch(/Arrow dataset.*upper bound/);
  });

  it("prefers characters, then bytes of text, then a word count, then a container's bytes", () => {
    const base = entry("oscar-original-ja");
    const size = (unit: string, value: number, extra: Record<string, string> = {}) => ({
      value,
      unit,
      source: "https://example.org",
      asOf: "2024",
      ...extra,
    });
    const withSizes = (...sizes: ReturnType<typeof size>[]) => ({ ...base, sizes }) as Entry;
    const container = size("bytes-uncompressed", 9e9, { container: "JSON Lines with url and timestamp fields" });
    const text = size("bytes-uncompressed", 5e9);
    const words = size("short-unit-words", 1e9);
    const chars = size("characters", 2e9);
    const pick = (e: Entry) => estimateFromCatalog(e, calibration, ["r50k_base"]);
    expect(pick(withSizes(container, text, words, chars)).size).toEqual(chars);
    expect(pick(withSizes(container, text, words)).size).toEqual(text);
    expect(pick(withSizes(container, words)).sizeBasis?.basis).toBe("words");
    expect(pick(withSizes(container)).sizeBasis?.basis).toBe("container-bytes");
    // A figure for the whole entry still comes before one for a part.
    const partChars = size("characters", 1e6, { scope: "one sub-corpus" });
    const whole = pick(withSizes(partChars, words));
    expect(whole.size).toEqual(words);
    expect(whole.sizeBasis?.reason).toMatch(/closer to the text cover only a part/);
  });
});
