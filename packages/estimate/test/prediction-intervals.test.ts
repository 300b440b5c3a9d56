import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog, type Calibration, type Entry } from "@corpus-census/catalog";
import { resolveTokenizer } from "@corpus-census/tokenizers";
import {
  buildReport,
  calibrationFiles,
  estimateFromCatalog,
  fitRatioModel,
  leaveOneFileOut,
  measureSamples,
  predictRatio,
  renderReportMarkdown,
  SHIPPED_CALIBRATION_ID,
  studentTQuantile,
  summarizeLeftOut,
  sumIntervals,
  workOutPublisherChecks,
  type CalibrationSample,
} from "@corpus-census/estimate";
import { BUNDLED_CATALOG, REPO_ROOT } from "../../../test/helpers/catalog-copy.js";
import { HAVE_SHARED_SAMPLES, SHARED_SAMPLES } from "../../../test/helpers/samples.js";

const catalog = loadCatalog(BUNDLED_CATALOG);
const shipped = catalog.measurements.find(
  (m): m is Calibration => m.type === "calibration" && m.id === SHIPPED_CALIBRATION_ID,
)!;
const entry = (id: string) => catalog.entries.find((e) => e.id === id)!;

describe("Student's t quantiles", () => {
  it("match the printed table, fractional degrees of freedom included", () => {
    expect(studentTQuantile(0.95, 1)).toBeCloseTo(12.7062, 3);
    expect(studentTQuantile(0.95, 2)).toBeCloseTo(4.3027, 4);
    expect(studentTQuantile(0.95, 10)).toBeCloseTo(2.2281, 4);
    expect(studentTQuantile(0.9, 30)).toBeCloseTo(1.6973, 4);
    expect(studentTQuantile(0.95, 1e7)).toBeCloseTo(1.96, 3);
    const between = studentTQuantile(0.95, 2.5);
    expect(between).toBeLessThan(4.3027);
    expect(between).toBeGreaterThan(3.1824);
  });
});

describe("the random-effects model of a ratio over files", () => {
  // Two kinds: web files at ln ratios 0, 0.1, 0.2 and fiction files at 1.0, 1.2.
  const ratios = [
    { file: "a", textKind: "web" as const, logRatio: 0 },
    { file: "b", textKind: "web" as const, logRatio: 0.1 },
    { file: "c", textKind: "web" as const, logRatio: 0.2 },
    { file: "d", textKind: "fiction" as const, logRatio: 1.0 },
    { file: "e", textKind: "fiction" as const, logRatio: 1.2 },
  ];
  const model = fitRatioModel(ratios)!;

  it("pools the spread within kinds and estimates the spread between them by moments", () => {
    // Within: (0.01 + 0 + 0.01 + 0.01 + 0.01) / (2 + 1) = 0.04 / 3.
    expect(model.withinVariance).toBeCloseTo(0.04 / 3, 12);
    expect(model.withinDf).toBe(3);
    // Kind means 0.1 and 1.1: their variance is 0.5; τ² = 0.5 − σ²·mean(1/3, 1/2).
    expect(model.kindMeansVariance).toBeCloseTo(0.5, 12);
    expect(model.betweenVariance).toBeCloseTo(0.5 - (0.04 / 3) * (5 / 12), 12);
  });

  it("predicts a file of a measured kind from that kind's mean, with the within-kind spread and a t quantile", () => {
    const p = predictRatio(model, "web", false, 0.95)!;
    expect(p.basis).toBe("kind");
    expect(Math.log(p.value)).toBeCloseTo(0.1, 12);
    const sd = Math.sqrt((0.04 / 3) * (1 + 1 / 3));
    expect(Math.log(p.high) - Math.log(p.value)).toBeCloseTo(studentTQuantile(0.95, 3) * sd, 9);
  });

  it("widens a stand-in kind by the spread between kinds, and a kind without files further", () => {
    const same = predictRatio(model, "web", false, 0.95)!;
    const standIn = predictRatio(model, "web", true, 0.95)!;
    const none = predictRatio(model, "technical", false, 0.95)!;
    expect(standIn.basis).toBe("kind-stand-in");
    expect(standIn.logSd).toBeGreaterThan(same.logSd);
    expect(none.basis).toBe("other-kinds");
    expect(Math.log(none.value)).toBeCloseTo(0.6, 12);
    expect(none.logSd).toBeGreaterThan(standIn.logSd * 0.99);
  });

  it("refuses to invent a spread from one file", () => {
    expect(predictRatio(fitRatioModel(ratios.slice(0, 1))!, "web", false, 0.95)).toBeUndefined();
  });
});

describe("the shipped calibration's intervals, judged on files they were not fitted to", () => {
  const files = calibrationFiles(shipped)!;
  const predictions = leaveOneFileOut(files, 0.95);

  it("records every sample file's own totals", () => {
    expect(files.length).toBe(shipped.samples.length);
    for (const f of files)
      expect(Object.keys(f.tokens).sort()).toEqual([...new Set(shipped.ratios.map((r) => r.tokenizer))].sort());
  });

  for (const lang of ["ja", "en"] as const) {
    it(`holds the left-out file's exact count at least 80 % of the time, at most ±25 % wide on average (${lang})`, () => {
      const summary = summarizeLeftOut(predictions.filter((p) => p.lang === lang));
      expect(summary.files).toBeGreaterThanOrEqual(10);
      expect(summary.coverage).toBeGreaterThanOrEqual(0.8);
      expect(summary.meanRelativeHalfWidth).toBeLessThanOrEqual(0.25);
    });
  }

  it("rests on at least 3 files per language and text kind", () => {
    const counts = new Map<string, number>();
    for (const f of files) counts.set(`${f.lang}/${f.textKind}`, (counts.get(`${f.lang}/${f.textKind}`) ?? 0) + 1);
    for (const [key, n] of counts) expect(n, key).toBeGreaterThanOrEqual(3);
    expect([...counts.keys()].sort()).toEqual(
      expect.arrayContaining(["en/web", "ja/web", "en/conversation", "ja/conversation"]),
    );
  });

  it("needs them: files of one kind differ by more than the bootstrap over documents allows", () => {
    // The bootstrap interval of a kind's ratio (what census printed before) against the spread of its files' own ratios.
    let wider = 0;
    let kinds = 0;
    for (const ratio of shipped.ratios.filter((r) => r.tokenizer === "r50k_base" && r.unit === "characters")) {
      const own = files
        .filter((f) => f.lang === ratio.lang && f.textKind === ratio.textKind)
        .map((f) => f.tokens.r50k_base! / f.units.characters!);
      if (own.length < 2) continue;
      kinds++;
      if (Math.max(...own) - Math.min(...own) > ratio.high - ratio.low) wider++;
    }
    expect(kinds).toBeGreaterThanOrEqual(8);
    expect(wider / kinds).toBeGreaterThan(0.5);
  });
});

describe.skipIf(!HAVE_SHARED_SAMPLES)("the per-file totals are exact counts of the files named", () => {
  const manifestPath = join(REPO_ROOT, "scripts", "calibration-samples.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    root: string;
    samples: (CalibrationSample & { root?: string })[];
  };
  const chosen = [
    manifest.samples.find((s) => s.file.endsWith("ud_gsd_dev_sentences.txt"))!,
    manifest.samples.find((s) => s.file.startsWith("calibration-texts/"))!,
  ];

  it("recounts two samples, one shared and one kept in the repository, to the recorded tokens and units", async () => {
    expect(SHARED_SAMPLES).toBeTruthy();
    const samples = chosen.map((s) => ({
      ...s,
      name: s.file,
      file: join(resolve(dirname(manifestPath), s.root ?? manifest.root), s.file),
    }));
    const specs = await Promise.all(["r50k_base", "o200k_base"].map((t) => resolveTokenizer(t)));
    const measured = await measureSamples(samples, specs, { workers: 1 });
    for (const m of measured) {
      const recorded = shipped.samples.find((s) => s.file === m.sample.name)!;
      expect(recorded.sha256).toBe(m.sha256);
      const sum = (f: (d: (typeof m.documents)[number]) => number) => m.documents.reduce((a, d) => a + f(d), 0);
      expect(sum((d) => d.tokens[0]!)).toBe(recorded.totals!.tokens.r50k_base);
      expect(sum((d) => d.tokens[1]!)).toBe(recorded.totals!.tokens.o200k_base);
      expect(sum((d) => d.bytes)).toBe(recorded.totals!.units["bytes-uncompressed"]);
      expect(sum((d) => d.chars)).toBe(recorded.totals!.units.characters);
    }
  }, 120_000);
});

describe("converting a catalog size with the prediction model", () => {
  const withSizes = (base: Entry, ...sizes: Entry["sizes"]) => ({ ...base, sizes }) as Entry;
  const size = (unit: string, value: number) =>
    ({ value, unit, source: "https://example.org", asOf: "2024" }) as Entry["sizes"][number];

  it("converts the figure whose unit has the smallest leave-one-file-out error, and says so", () => {
    // Japanese manuals: ASCII commands make characters a poor unit (the held-out manual came out +23 % from characters).
    const manual = { ...entry("oscar-original-ja"), kind: "academic" } as Entry;
    const both = estimateFromCatalog(
      withSizes(manual, size("characters", 2e9), size("bytes-uncompressed", 5.5e9)),
      shipped,
      ["r50k_base"],
    );
    const errors = Object.fromEntries(
      [...both.sizeBasis!.reason.matchAll(/(bytes-uncompressed|characters) ([\d.]+) %/g)].map((m) => [
        m[1],
        Number(m[2]),
      ]),
    );
    expect(Object.keys(errors).sort()).toEqual(["bytes-uncompressed", "characters"]);
    expect(errors["bytes-uncompressed"]).toBeLessThan(errors.characters!);
    expect(both.size?.unit).toBe("bytes-uncompressed");
    expect(both.notes.join(" ")).toMatch(/95% prediction interval from \d+ ja technical calibration file/);
  });

  it("adds the spread between kinds when the corpus's kind is a stand-in", () => {
    const sizes = [size("bytes-uncompressed", 1e9)];
    const web = estimateFromCatalog(
      withSizes({ ...entry("oscar-original-ja"), kind: "web-crawl" }, ...sizes),
      shipped,
      ["r50k_base"],
    ).tokens.r50k_base!;
    const news = estimateFromCatalog(withSizes({ ...entry("oscar-original-ja"), kind: "news" }, ...sizes), shipped, [
      "r50k_base",
    ]).tokens.r50k_base!;
    expect(news.value).toBeCloseTo(web.value, 0);
    expect(news.high - news.low).toBeGreaterThan(web.high - web.low);
  });

  it("never narrows a total of entries converted with the same ratio as if their errors were independent", () => {
    const a = estimateFromCatalog(withSizes(entry("oscar-original-ja"), size("bytes-uncompressed", 1e9)), shipped, [
      "r50k_base",
    ]).tokens.r50k_base!;
    const b = estimateFromCatalog(withSizes(entry("oscar-original-ja"), size("bytes-uncompressed", 3e9)), shipped, [
      "r50k_base",
    ]).tokens.r50k_base!;
    const total = sumIntervals([a, b]);
    const relative = (i: typeof a) => (i.high - i.low) / i.value;
    expect(relative(total)).toBeCloseTo(relative(a), 9);
  });
});

describe("the report's account of its own error", () => {
  const report = buildReport(catalog, ["r50k_base", "llama2"]);
  const markdown = renderReportMarkdown(report, "2026-12-07");

  it("says what its intervals cover, how they fared left out, and which unit converts best", () => {
    expect(report.uncertainty.covers).toMatch(/prediction interval.*does not cover overlap between corpora/);
    expect(report.uncertainty.check?.byLanguage.map((l) => l.lang)).toEqual(["ja", "en"]);
    expect(markdown).toContain("## How far these numbers can be off");
    expect(markdown).toMatch(/\| ja \| \d+ \| \d+ \| [\d.]+ % \| ±[\d.]+ % \|/);
    expect(markdown).toContain("Which unit converts best");
  });

  it("works out every publisher check, and shows a check outside its interval as such", () => {
    expect(report.publisherChecks.length).toBe(catalog.publisherChecks.length);
    for (const r of report.publisherChecks) expect(r.predicted, r.check.id).toBeDefined();
    const fineweb = report.publisherChecks.find((r) => r.check.id === "fineweb-2-ja-words-per-byte")!;
    expect(fineweb.check.published.value).toBe(331_144_301_801);
    // A published figure twice census's prediction cannot hide inside its interval.
    const far = workOutPublisherChecks(
      [{ ...fineweb.check, id: "far", published: { ...fineweb.check.published, value: fineweb.predicted!.value * 2 } }],
      shipped,
    )[0]!;
    expect(far.within).toBe(false);
    expect(renderReportMarkdown({ ...report, publisherChecks: [far] }, "2026-12-07")).toMatch(
      /\| 2\.000 \| \*\*no\*\* \|/,
    );
  });
});
