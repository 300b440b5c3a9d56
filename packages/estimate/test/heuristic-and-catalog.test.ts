import { describe, expect, it } from "vitest";
import { loadCatalog, type Entry, entryList } from "@corpus-census/catalog";
import { estimateFromCatalog, REPORT_CLAIMS, reportHeuristic, WORD_UNITS } from "@corpus-census/estimate";
import { BUNDLED_CATALOG } from "../../../test/helpers/catalog-copy.js";
import { testCalibration, testRatio } from "./helpers/calibration-fixture.js";

const catalog = loadCatalog(BUNDLED_CATALOG);
const entry = (id: string) => catalog.entries.find((e) => e.id === id)!;

describe("the report's arithmetic on the catalog's cited sizes", () => {
  it.each(["ja", "en"] as const)(
    "multiplies each %s word count by the report's factor and says which figure it used",
    (list) => {
      const h = reportHeuristic(catalog.entries, list);
      expect(h.factor).toBe(list === "ja" ? 0.5 : 4 / 3);
      for (const u of h.used) expect(WORD_UNITS).toContain(u.size.unit);
      expect(h.words).toBe(h.used.reduce((n, u) => n + u.size.value, 0));
      expect(h.tokens).toBeCloseTo(h.words * h.factor, 0);
      expect(h.corpora + h.withoutWordCount.length).toBe(catalog.entries.filter((e) => entryList(e) === list).length);
      expect(h.claim).toEqual(REPORT_CLAIMS[list]);
    },
  );

  it("uses NINJAL's short-unit count for NWJC and finds no word count for CC-100 or mC4", () => {
    const h = reportHeuristic(catalog.entries, "ja");
    expect(h.used.find((u) => u.id === "nwjc")?.tokens).toBe(25_836_947_421 * 0.5);
    expect(h.withoutWordCount).toEqual(expect.arrayContaining(["cc100-ja", "mc4-ja", "wikipedia-ja"]));
  });

  it("cannot reproduce the report's totals from published word counts", () => {
    const ja = reportHeuristic(catalog.entries, "ja");
    const en = reportHeuristic(catalog.entries, "en");
    expect(ja.corpora).toBeLessThan(24);
    expect(ja.tokens).toBeLessThan(0.5 * 250e9);
    expect(en.tokens).toBeLessThan(0.5 * 480e9);
  });
});

describe("converting a catalog size with a calibrated ratio", () => {
  const calibration = testCalibration([
    testRatio("r50k_base", "ja", "web", "bytes-uncompressed", 0.5),
    testRatio("r50k_base", "ja", "encyclopedia", "morphemes", 2),
    testRatio("r50k_base", "en", "web", "whitespace-words", 1.3),
  ]);

  it("multiplies the figure by the ratio of its unit and closest kind, carrying the interval", () => {
    const oscar = estimateFromCatalog(entry("oscar-original-ja"), calibration, ["r50k_base"]);
    expect(oscar.size?.unit).toBe("bytes-uncompressed");
    // OSCAR 2019's "216G" is 216 GiB: the exact bytes are dataset_infos.json's 232,216,718,556.
    expect(oscar.tokens.r50k_base).toEqual({
      value: 232216718556 * 0.5,
      low: 232216718556 * 0.45,
      high: 232216718556 * 0.55,
    });
    expect(oscar.textKind).toBe("web");
  });

  it("says when a stand-in kind or unit was used", () => {
    const bccwj = estimateFromCatalog(entry("bccwj"), calibration, ["r50k_base"]);
    expect(bccwj.size?.unit).toBe("short-unit-words");
    expect(bccwj.notes).toEqual(
      expect.arrayContaining(["NINJAL short-unit words measured as kuromoji (IPADIC) morphemes"]),
    );
    const coca = estimateFromCatalog(entry("coca"), calibration, ["r50k_base"]);
    expect(coca.notes).toContain("the publisher's English word count measured as whitespace-separated words");
  });

  it("says what is missing instead of dropping an entry silently", () => {
    expect(estimateFromCatalog(entry("diet-proceedings"), calibration, ["r50k_base"]).notes).toEqual([
      "no published size",
    ]);
    const phemt = estimateFromCatalog(entry("phemt"), calibration, ["r50k_base"]);
    expect(phemt.notes[0]).toMatch(/no size in a unit with a calibrated ratio \(has: sentence-pairs\)/);
    const noRatio = estimateFromCatalog(entry("bccwj"), calibration, ["o200k_base"]);
    expect(noRatio.tokens).toEqual({});
    expect(noRatio.notes).toContain("no calibrated ja ratio of o200k_base tokens per morphemes");
  });

  it("never adds figures of different units: one figure per entry", () => {
    const withMany = catalog.entries.filter((e: Entry) => new Set(e.sizes.map((s) => s.unit)).size > 1);
    for (const e of withMany) {
      const result = estimateFromCatalog(e, calibration, ["r50k_base"]);
      if (result.size) expect(e.sizes).toContainEqual(result.size);
    }
    expect(withMany.length).toBeGreaterThan(5);
  });
});
