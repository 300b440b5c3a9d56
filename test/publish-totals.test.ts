import { describe, expect, it } from "vitest";
import { loadCatalog, type EstimateRun } from "@corpus-census/catalog";
import { buildPublication, renderChart, renderCsv } from "@corpus-census/publish";
import { BUNDLED_CATALOG } from "./helpers/catalog-copy.js";

describe("the published totals", () => {
  it("name the entries a tokenizer's total lacks, and the calibration in the CSV", () => {
    const catalog = loadCatalog(BUNDLED_CATALOG);
    // A consistent run of the whole of mC4 that counted r50k_base only.
    const run: EstimateRun = {
      type: "estimate",
      id: "estimate-mc4-ja-2099-01-01-seed1",
      createdOn: "2099-01-01",
      tool: { name: "corpus-census", version: "0" },
      entryId: "mc4-ja",
      inputs: [{ name: "mc4-ja/*.json.gz", bytes: null, identity: null }],
      method: "test",
      sampleFraction: 0.01,
      seed: 1,
      estimate: {
        documents: { value: 87e6, low: 86e6, high: 88e6 },
        tokens: { r50k_base: { value: 300e9, low: 290e9, high: 310e9 } },
      },
      io: { bytesRead: 1e9, totalBytes: null },
      coverage: {
        covers: "whole",
        inputBytes: null,
        uncompressed: null,
        documents: 87e6,
        textBytes: null,
        characters: null,
      },
      notes: [],
    };
    const publication = buildPublication({ ...catalog, measurements: [...catalog.measurements, run] });
    expect(publication.report.lists.ja.estimates.o200k_base!.missing).toEqual(["mc4-ja"]);
    expect(renderChart(publication)).toContain("(without mc4-ja)");
    expect(renderCsv(publication)).toContain("converted from a published size (calibration-corpus-samples)");
  });
});
