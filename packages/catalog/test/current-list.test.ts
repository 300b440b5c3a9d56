import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CatalogStore,
  entryList,
  formatProblem,
  licenceClassOf,
  loadCatalog,
  readCatalog,
  type LicenceClasses,
} from "@corpus-census/catalog";
import { BUNDLED_CATALOG, CatalogCopy, useTemporaryCache } from "../../../test/helpers/catalog-copy.js";

const problemsOf = (dir: string) => readCatalog(dir).problems.map(formatProblem);

describe("the current list", () => {
  let copy: CatalogCopy;
  let fixtures: string[];
  beforeEach(() => {
    copy = new CatalogCopy();
    fixtures = copy.addCurrentFixtures();
  });
  afterEach(() => copy.remove());

  it("loads entries without a report position, after the report's lists, by id", () => {
    const { catalog, problems } = readCatalog(copy.dir);
    expect(problems.map(formatProblem)).toEqual([]);
    const current = catalog.entries.filter((e) => entryList(e) === "current");
    expect(current.map((e) => e.id)).toEqual(fixtures);
    expect(current.every((e) => e.report === undefined)).toBe(true);
    const lists = catalog.entries.map(entryList);
    expect(lists.indexOf("current")).toBe(lists.length - current.length);
  });

  it("refuses a report position on the current list, and a report entry without one", () => {
    copy.edit("fixture-web-cc0", (e) => (e.report = { list: "ja", number: 99, name: "x" }));
    copy.edit("bccwj", (e) => delete e.report);
    const problems = problemsOf(copy.dir);
    expect(problems).toContain(
      "sources/current/fixture-web-cc0.json: report: an entry of the current list has no report position (omit report, or move the file to the report's list)",
    );
    expect(problems).toContain(
      "sources/ja/bccwj.json: report: required field is missing: an entry in sources/ja/ has its position on the report's list",
    );
  });

  it("checks that a collection's parts exist and name it back", () => {
    copy.edit("fixture-collection", (e) => e.parts.push("no-such-part"));
    copy.edit("fixture-gov-texts", (e) => delete e.partOf);
    const problems = problemsOf(copy.dir);
    expect(problems).toContain(
      'sources/current/fixture-collection.json: parts[2]: part "no-such-part" is no entry\'s id',
    );
    expect(problems).toContain(
      'sources/current/fixture-collection.json: parts[0]: part "fixture-gov-texts" (sources/current/fixture-gov-texts.json) does not name its collection in partOf',
    );
  });

  it("checks that a part's collection exists and lists it", () => {
    copy.edit("fixture-web-cc0", (e) => (e.partOf = "fixture-collection"));
    copy.edit("fixture-web-odc", (e) => (e.partOf = "nothing-here"));
    const problems = problemsOf(copy.dir);
    expect(problems).toContain(
      'sources/current/fixture-web-cc0.json: partOf: partOf names "fixture-collection", whose parts (sources/current/fixture-collection.json) do not list "fixture-web-cc0"',
    );
    expect(problems).toContain(
      'sources/current/fixture-web-odc.json: partOf: partOf names "nothing-here", which is no entry\'s id',
    );
  });

  it("checks overlap targets across both lists", () => {
    copy.edit("fixture-web-odc", (e) => (e.flags[2].target = "mc4-jp"));
    expect(problemsOf(copy.dir)).toContain(
      'sources/current/fixture-web-odc.json: flags[2].target: flag "overlaps" points at "mc4-jp", which is no entry\'s id',
    );
  });

  it("is in the store, found by search and by list", () => {
    useTemporaryCache();
    const store = CatalogStore.open(loadCatalog(copy.dir));
    try {
      expect(store.list({ lists: ["current"] }).map((e) => e.id)).toEqual(fixtures);
      expect(store.list({ lists: ["ja", "en", "other"] }).some((e) => entryList(e) === "current")).toBe(false);
      expect(store.search(["試験用政府文書"]).map((e) => e.id)).toEqual(["fixture-gov-texts"]);
      expect(store.get("fixture-collection")?.parts).toEqual(["fixture-gov-texts", "wikipedia-ja"]);
      const row = store.db
        .prepare("SELECT list, number, report_name, part_of FROM entries WHERE id = ?")
        .get("fixture-gov-texts");
      expect(row).toEqual({ list: "current", number: null, report_name: null, part_of: "fixture-collection" });
    } finally {
      store.close();
    }
  });
});

describe("the licence -> commercial-use table", () => {
  const table = loadCatalog(BUNDLED_CATALOG).licenceClasses!;
  const licence = (spdx: string | null, name = "x", url: string | null = null) => ({
    licence: { spdx, name, url, source: "https://example.org/" },
  });

  it("classes SPDX ids, expressions and named terms", () => {
    const cls = (l: ReturnType<typeof licence>) => licenceClassOf(l, table as LicenceClasses)?.commercialUse;
    expect(cls(licence("CC0-1.0"))).toBe("allowed");
    expect(cls(licence("CC-BY-4.0"))).toBe("allowed-with-conditions");
    expect(cls(licence("CC-BY-SA-3.0"))).toBe("allowed-with-conditions");
    expect(cls(licence("CC-BY-NC-SA-4.0"))).toBe("non-commercial");
    expect(cls(licence("CC-BY-NC-4.0 OR CC-BY-4.0"))).toBe("allowed-with-conditions");
    expect(cls(licence("CC-BY-4.0 AND CC-BY-NC-4.0"))).toBe("non-commercial");
    expect(cls(licence("LicenseRef-unknown-terms"))).toBeUndefined();
    expect(cls(licence(null, "政府標準利用規約（第2.0版）"))).toBe("allowed-with-conditions");
    expect(cls(licence(null, "BTSJ 利用条件 (educational and research use only)"))).toBe("research-only");
    expect(cls(licence(null, "No licence stated in the repository"))).toBe("unknown");
    expect(cls(licence(null, "bespoke terms", "https://www.corpusdata.org/restrictions.asp"))).toBe("by-agreement");
    // Text given under an agreement is by-agreement even when no public licence exists.
    expect(
      cls(
        licence(null, "No public licence; provided by the NDL to NII under their mutual cooperation agreement (1995)"),
      ),
    ).toBe("by-agreement");
    expect(cls(licence(null, "bespoke terms"))).toBeUndefined();
  });

  describe("applied by validate", () => {
    let copy: CatalogCopy;
    beforeEach(() => {
      copy = new CatalogCopy();
    });
    afterEach(() => copy.remove());

    it("requires a reason from an entry whose class differs from its licence's", () => {
      copy.edit("bsd", (e) => (e.commercialUse = "allowed"));
      expect(problemsOf(copy.dir)).toEqual([
        'sources/ja/bsd.json: commercialUse: "allowed" differs from "non-commercial", the class licence-classes.json gives CC-BY-NC-SA-4.0 (non-commercial); give the reason in "classReason": { note, source }',
      ]);
      copy.edit("bsd", (e) => (e.classReason = { note: "a reason", source: "https://example.org/" }));
      expect(problemsOf(copy.dir)).toEqual([]);
    });

    it("gives the same bespoke terms the same class everywhere", () => {
      copy.edit("supreme-court-corpus", (e) => {
        delete e.classReason;
        e.licence.name = "English-Corpora.org terms of use";
      });
      copy.edit("time-magazine-corpus", (e) => {
        delete e.classReason;
        e.licence.name = "English-Corpora.org terms of use";
        e.commercialUse = "research-only";
      });
      const problems = problemsOf(copy.dir);
      expect(problems).toHaveLength(2);
      expect(problems[0]).toMatch(
        /supreme-court-corpus\.json: commercialUse: "non-commercial" differs from other entries under the same terms \(https:\/\/www\.english-corpora\.org\/copyright\.asp\): time-magazine-corpus \(research-only\)/,
      );
    });

    it("reads a licence of the compilation only with its contents' terms: the less permissive class", () => {
      copy.edit("oscar-2301-ja", (e) => (e.commercialUse = "allowed"));
      expect(problemsOf(copy.dir)).toEqual([
        'sources/current/oscar-2301-ja.json: commercialUse: "allowed" differs from "allowed-with-conditions", the class licence-classes.json gives CC0-1.0 (the compilation), with contents under Common Crawl Terms of Use (public-domain-dedication, common-crawl-terms-of-use); give the reason in "classReason": { note, source }',
      ]);
    });

    it("requires the terms an entry says bind it to be named, as its licence or its contents' terms", () => {
      copy.edit("mc4-ja", (e) => delete e.licence.contents);
      const problems = problemsOf(copy.dir);
      expect(
        problems.filter((p) =>
          /^sources\/ja\/mc4-ja\.json: licence: the entry says it is bound by the terms of class "common-crawl-terms-of-use"/.test(
            p,
          ),
        ),
      ).toHaveLength(1);
    });

    it("requires the contents' terms of a licence that says it covers only the compilation, and licence-unclear unless they clear the contents", () => {
      copy.edit("hjdataset", (e) => delete e.licence.contents);
      copy.edit(
        "core-corpus",
        (e) => (e.flags = e.flags.filter((f: { code: string }) => f.code !== "licence-unclear")),
      );
      const problems = problemsOf(copy.dir);
      expect(problems).toContain(
        'sources/ja/hjdataset.json: licence: the licence says it covers only the compilation (/(metadata|annotations)( and (metadata|annotations))? only/) but "licence.contents" does not name the terms of the contents',
      );
      expect(problems).toContain(
        "sources/en/core-corpus.json: flags: the licence covers only the compilation and the contents' terms (No licence stated for the web texts themselves (third-party pages)) do not clear them: the entry carries the licence-unclear flag",
      );
    });

    it("is read from licence-classes.json, whose errors are reported", () => {
      copy.writeRaw(
        "licence-classes.json",
        JSON.stringify({
          checkedOn: "2026-12-01",
          note: "n",
          classes: [
            {
              id: "x",
              terms: "t",
              commercialUse: "allowed",
              attribution: false,
              shareAlike: false,
              source: "https://example.org/",
            },
          ],
        }),
      );
      expect(problemsOf(copy.dir)).toContain(
        "licence-classes.json: classes[0]: a licence class must match something: spdx, names or urls",
      );
    });
  });

  it("holds over the whole catalog: every entry has its licence's class or says why", () => {
    const catalog = loadCatalog(BUNDLED_CATALOG);
    for (const entry of catalog.entries) {
      const match = licenceClassOf(entry, catalog.licenceClasses!);
      if (match && !entry.classReason) expect(entry.commercialUse, entry.id).toBe(match.commercialUse);
    }
    // The filtered Common Crawl packagings: the class of their packaging read with Common Crawl's terms, and licence-unclear.
    for (const id of ["cc100-ja", "mc4-ja", "oscar-original-ja", "oscar-deduplicated-ja"]) {
      const entry = catalog.entries.find((e) => e.id === id)!;
      expect(
        entry.flags.map((f) => f.code),
        id,
      ).toContain("licence-unclear");
      expect(entry.classReason, id).toBeUndefined();
      expect(entry.licence.contents?.url, id).toBe("https://commoncrawl.org/terms-of-use");
      expect(licenceClassOf(entry, catalog.licenceClasses!)?.commercialUse, id).toBe(entry.commercialUse);
    }
  });

  it("gives every entry bound by Common Crawl's terms of use one class (issue 23: cc100-ja was allowed, abeja-cc-ja allowed-with-conditions)", () => {
    const catalog = loadCatalog(BUNDLED_CATALOG);
    const mentions = /common ?crawl('s)? terms( of use)?|bound by the common ?crawl/i;
    const bound = catalog.entries.filter(
      (e) => !e.parts && mentions.test([e.licence.name, e.licence.note ?? "", e.terms.commercialUse.note].join("\n")),
    );
    expect(bound.map((e) => e.id)).toEqual(
      expect.arrayContaining(["cc100-ja", "abeja-cc-ja", "mc4-ja", "oscar-original-ja", "fineweb-2-ja"]),
    );
    // A packaging that published no licence of its own (abeja-cc-ja-edu) is unknown whatever its contents' terms.
    const unlicensed = (e: (typeof bound)[number]) => /^no licen[cs]e found/i.test(e.licence.name);
    const ownLicence = bound.filter((e) => !unlicensed(e));
    for (const e of bound.filter(unlicensed)) expect(e.commercialUse, e.id).toBe("unknown");
    const classes = new Map<string, string[]>();
    for (const e of ownLicence) classes.set(e.commercialUse, [...(classes.get(e.commercialUse) ?? []), e.id]);
    expect(Object.fromEntries(classes)).toEqual({ "allowed-with-conditions": expect.any(Array) });
  });
});
