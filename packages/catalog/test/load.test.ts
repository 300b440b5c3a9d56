import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  entryJsonSchema,
  formatProblem,
  loadCatalog,
  readCatalog,
  renderJsonSchema,
  CatalogInvalidError,
  entryList,
} from "@corpus-census/catalog";
import { BUNDLED_CATALOG, CatalogCopy, REPO_ROOT } from "../../../test/helpers/catalog-copy.js";

const reportLists = JSON.parse(readFileSync(join(REPO_ROOT, "test/fixtures/report-lists.json"), "utf8")) as {
  ja: { number: number; name: string }[];
  en: { number: number; name: string }[];
};

describe("the bundled catalog", () => {
  const { catalog, problems } = readCatalog(BUNDLED_CATALOG);

  it("is valid", () => {
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it("holds every Japanese and English corpus exactly as the report lists them", () => {
    for (const list of ["ja", "en"] as const) {
      const listed = catalog.entries
        .filter((e) => entryList(e) === list)
        .map((e) => ({ number: e.report!.number, name: e.report!.name }));
      expect(listed).toEqual(reportLists[list]);
    }
  });

  it("holds the other sources the report names, numbered from 1", () => {
    const other = catalog.entries.filter((e) => entryList(e) === "other");
    expect(other.map((e) => e.id)).toEqual([
      "nict-llm-data",
      "ndl-digitized-texts",
      "national-archives-japan",
      "diet-proceedings",
    ]);
    expect(other.map((e) => e.report!.number)).toEqual([1, 2, 3, 4]);
  });

  it("points every file at the generated schema, which is up to date", () => {
    for (const [file, content] of catalog.files) {
      if (!file.startsWith("sources/")) continue;
      expect(JSON.parse(content).$schema, file).toBe("../../schema.json");
    }
    expect(readFileSync(join(BUNDLED_CATALOG, "schema.json"), "utf8")).toBe(renderJsonSchema(entryJsonSchema()));
  });

  it("has the scale references of the brief with their sources", () => {
    const gpt3 = catalog.references.find((r) => r.id === "gpt3");
    expect(gpt3).toMatchObject({ tokens: 300e9, parameters: 175e9, bytes: 570e9 });
    for (const id of ["llama2", "palm2"]) expect(catalog.references.map((r) => r.id)).toContain(id);
    expect(catalog.references.find((r) => r.id === "llama2")?.tokens).toBe(2e12);
    expect(catalog.references.find((r) => r.id === "palm2")?.tokens).toBe(3.6e12);
  });

  it("gives every size a unit and a source, and every flag a source", () => {
    for (const e of catalog.entries) {
      for (const s of e.sizes) expect(s.unit && s.source, e.id).toBeTruthy();
      for (const f of e.flags) expect(f.source, e.id).toBeTruthy();
    }
  });
});

describe("a broken catalog", () => {
  let copy: CatalogCopy;
  beforeEach(() => {
    copy = new CatalogCopy();
  });
  afterEach(() => copy.remove());

  const problemsOf = () => readCatalog(copy.dir).problems.map(formatProblem);

  it("reports invalid JSON with the file, line and column", () => {
    const file = copy.fileOf("bsd");
    copy.writeRaw(file, '{\n  "id": "bsd",\n  "report": { "list": "ja", }\n}\n');
    const found = problemsOf();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${file}: invalid JSON at line 3, column \\d+`));
  });

  it("reports a wrong enum value with the field path and the allowed values", () => {
    copy.edit("bsd", (e) => (e.access = "download"));
    expect(problemsOf()).toEqual([
      `${copy.fileOf("bsd")}: access: expected one of: open-download, registration, application, paid, search-only, not-distributed`,
    ]);
  });

  it("reports a missing required field", () => {
    copy.edit("bsd", (e) => delete e.licence);
    expect(problemsOf()).toEqual([`${copy.fileOf("bsd")}: licence: required field is missing (expected object)`]);
  });

  it("reports a size without a unit", () => {
    copy.edit("bsd", (e) => delete e.sizes[0].unit);
    expect(problemsOf()[0]).toMatch(/bsd\.json: sizes\[0\]\.unit: expected a unit, one of: /);
  });

  it("reports a duplicate id, naming both files", () => {
    const other = copy.read("twc");
    copy.edit("bsd", (e) => (e.id = "twc"));
    const found = problemsOf();
    expect(found).toContain(`${copy.fileOf("bsd")}: id: file name must be the id: expected twc.json`);
    expect(found.some((p) => /: id: duplicate id "twc" \(also in sources\/ja\/(bsd|twc)\.json\)$/.test(p))).toBe(true);
    expect(other.id).toBe("twc");
  });

  it("reports a GitHub file or folder URL that names no branch or commit, or no file", () => {
    copy.edit("bsd", (e) =>
      e.sources.push(
        "https://github.com/llm-jp/scripts/blob/main",
        "https://github.com/llm-jp/scripts/tree/",
        "https://github.com/llm-jp/scripts/blob/3bc1ddea4b092120ef756b2e6ce4d01eef243182/README.md",
      ),
    );
    const n = copy.read("bsd").sources.length;
    expect(readCatalog(copy.dir).problems.map(formatProblem)).toEqual([
      `sources/ja/bsd.json: sources[${n - 3}]: a GitHub blob URL names no file: expected github.com/OWNER/REPO/blob/BRANCH-OR-COMMIT/PATH (https://github.com/llm-jp/scripts/blob/main)`,
      `sources/ja/bsd.json: sources[${n - 2}]: a GitHub tree URL names no branch or commit: expected github.com/OWNER/REPO/tree/BRANCH-OR-COMMIT/PATH (https://github.com/llm-jp/scripts/tree/)`,
    ]);
  });

  it("reports a subset-of flag that points at no entry", () => {
    copy.edit("bsd", (e) =>
      e.flags.push({ code: "subset-of", target: "no-such-corpus", note: "test", source: "report" }),
    );
    const flagIndex = copy.read("bsd").flags.length - 1;
    expect(problemsOf()).toEqual([
      `${copy.fileOf("bsd")}: flags[${flagIndex}].target: flag "subset-of" points at "no-such-corpus", which is no entry's id`,
    ]);
  });

  it("reports every bad file, not just the first", () => {
    copy.edit("bsd", (e) => (e.kind = "novels"));
    copy.edit("twc", (e) => delete e.sources);
    copy.writeRaw(copy.fileOf("phemt"), "not json");
    const found = problemsOf();
    expect(found).toHaveLength(3);
    expect(found.some((p) => p.startsWith(`${copy.fileOf("bsd")}: kind: expected a kind`))).toBe(true);
    expect(found.some((p) => p.startsWith(`${copy.fileOf("twc")}: sources: required field is missing`))).toBe(true);
    expect(found.some((p) => p.startsWith(`${copy.fileOf("phemt")}: invalid JSON`))).toBe(true);
  });

  it("refuses to load, listing every problem", () => {
    copy.edit("bsd", (e) => (e.commercialUse = "yes"));
    copy.edit("twc", (e) => (e.confidence = "certain"));
    expect(() => loadCatalog(copy.dir)).toThrow(CatalogInvalidError);
    try {
      loadCatalog(copy.dir);
    } catch (error) {
      expect((error as CatalogInvalidError).problems.map((p) => p.file).sort()).toEqual(
        [copy.fileOf("bsd"), copy.fileOf("twc")].sort(),
      );
    }
  });

  it("reports an entry filed under the wrong list", () => {
    copy.edit("bsd", (e) => (e.report.list = "en"));
    expect(problemsOf()).toContain(
      `${copy.fileOf("bsd")}: report.list: entry is in sources/ja/ but report.list is "en"`,
    );
  });
});
