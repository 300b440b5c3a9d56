import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entryList, loadCatalog, type Entry } from "@corpus-census/catalog";
import type { Report } from "@corpus-census/estimate";
import { CatalogCopy, useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";

// The bundled catalog's current list is written by the research engineers; these tests use
// fictional entries (test/fixtures/current) so they hold whatever that list contains.
let copy: CatalogCopy;
let fixtures: string[];
beforeAll(() => {
  useTemporaryCache();
  copy = new CatalogCopy();
  fixtures = copy.addCurrentFixtures();
});
afterAll(() => copy.remove());

const ids = (json: string) => (JSON.parse(json) as Entry[]).map((e) => e.id);

describe("census list --list", () => {
  it("selects the current list, the report's, or both with the report's first", async () => {
    const catalog = loadCatalog(copy.dir);
    const current = await census("list", "--list", "current", "--json", "--catalog", copy.dir);
    expect(current.code).toBe(0);
    expect(ids(current.stdout)).toEqual(fixtures);
    const report = await census("list", "--list", "report", "--json", "--catalog", copy.dir);
    expect(ids(report.stdout)).toEqual(catalog.entries.filter((e) => entryList(e) !== "current").map((e) => e.id));
    const both = await census("list", "--json", "--catalog", copy.dir);
    expect(ids(both.stdout)).toEqual([...ids(report.stdout), ...fixtures]);
  });

  it("says in the table that current entries are not in the report", async () => {
    const { stdout } = await census("list", "--list", "current", "--catalog", copy.dir);
    expect(stdout.split("\n").filter((l) => l.startsWith("current (not in the report)"))).toHaveLength(fixtures.length);
  });

  it("refuses an unknown list, and a --lang that is not on the chosen list, with exit 2", async () => {
    const bad = await census("list", "--list", "today", "--catalog", copy.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--list: unknown value "today"; expected one of: report, current');
    const mismatch = await census("list", "--list", "current", "--lang", "ja", "--catalog", copy.dir);
    expect(mismatch.code).toBe(2);
  });
});

describe("census show and validate", () => {
  it("shows a current entry's list, collection and not-distributed note", async () => {
    const { code, stdout } = await census("show", "fixture-gov-texts", "--catalog", copy.dir);
    expect(code).toBe(0);
    expect(stdout).toContain("list: current (today's corpora; not in the 2024 report)");
    expect(stdout).toContain("part of: fixture-collection");
    expect(stdout).toContain(
      "not-distributed\n  Provided by a fictional agency to the fixture project under an agreement; not distributed.",
    );
    expect((await census("show", "fixture-collection", "--catalog", copy.dir)).stdout).toContain(
      "parts: fixture-gov-texts, wikipedia-ja",
    );
  });

  it("counts the current list", async () => {
    const { code, stdout } = await census("validate", "--catalog", copy.dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\(ja 30, en 29, other 4, current 4\)/);
  });
});

describe("census report on the current list", () => {
  let report: Report;
  beforeAll(async () => {
    const { code, stdout } = await census(
      "report",
      "--json",
      "--tokenizer",
      "r50k_base,o200k_base",
      "--catalog",
      copy.dir,
    );
    expect(code).toBe(0);
    report = JSON.parse(stdout) as Report;
  });

  it("counts an overlap group once, by its largest member, with the plain sum as the upper bound", () => {
    const current = report.lists.current;
    const entry = (id: string) => current.perEntry.find((e) => e.id === id)!;
    expect(current.overlapGroups).toEqual([
      {
        ids: ["fixture-web-cc0", "fixture-web-odc"],
        counted: { r50k_base: "fixture-web-odc", o200k_base: "fixture-web-odc" },
      },
    ]);
    for (const t of ["r50k_base", "o200k_base"]) {
      const [odc, cc0, gov] = ["fixture-web-odc", "fixture-web-cc0", "fixture-gov-texts"].map(
        (id) => entry(id).tokens[t]!,
      );
      expect(current.estimates[t]!.value).toBeCloseTo(odc!.value + gov!.value, -3);
      expect(current.estimates[t]!.low).toBeCloseTo(odc!.low + gov!.low, -3);
      expect(current.upperBound[t]!.value).toBeCloseTo(odc!.value + cc0!.value + gov!.value, -3);
      expect(current.estimates[t]!.low).toBeLessThan(current.estimates[t]!.value);
      expect(current.estimates[t]!.high).toBeGreaterThan(current.estimates[t]!.value);
      // Usable commercially: the two open Common Crawl packagings (the not-distributed text is not).
      expect(current.usable.entries).toEqual(["fixture-web-cc0", "fixture-web-odc"]);
      expect(current.usable.estimates[t]!.value).toBeCloseTo(odc!.value, -3);
    }
  });

  it("counts a collection without a convertible size through its parts, and adds tokens only of one tokenizer", () => {
    const current = report.lists.current;
    expect(current.excluded.map((x) => x.id)).toEqual(["fixture-collection"]);
    expect(current.excluded[0]!.reason).toContain("its parts on this list are counted instead (fixture-gov-texts)");
    expect(current.publishedTokens).toEqual({
      "fixture-tokenizer v1": { value: 1e9, entries: [{ id: "fixture-gov-texts", value: 1e9 }] },
    });
  });

  it("keeps the report's usable list to the report's entries, and compares with GPT-3, Llama 2 and LLM-jp-4's corpus", async () => {
    expect(report.lists.usable.entries.some((e) => fixtures.includes(e.id))).toBe(false);
    expect(report.lists.current.comparedWith).toEqual(["gpt3", "llama2", "llm-jp-corpus-v4"]);
    const markdown = (await census("report", "--tokenizer", "r50k_base", "--catalog", copy.dir)).stdout;
    expect(markdown).toContain("## Today's corpora: the current list (4 entries, not in the report)");
    expect(markdown).toContain("Overlap group fixture-web-cc0, fixture-web-odc: counted once, by fixture-web-odc.");
    expect(markdown).toMatch(/GPT-3 .*\(300 B\): all \d+\.\d\d×/);
  });
});

describe("census publish with the current list", () => {
  let out: string;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "census-publish-current-"));
    expect((await census("publish", "--out", out, "--catalog", copy.dir)).code).toBe(0);
  });
  const read = (file: string) => readFileSync(join(out, file), "utf8");

  it("puts current entries in every file, saying they are not in the report", () => {
    const json = JSON.parse(read("corpora.json")) as { entries: (Entry & { list: string; inReport: boolean })[] };
    const current = json.entries.filter((e) => e.list === "current");
    expect(current.map((e) => e.id)).toEqual(fixtures);
    expect(current.every((e) => e.inReport === false && e.report === undefined)).toBe(true);
    const csv = read("corpora.csv")
      .split("\r\n")
      .filter((l) => l.startsWith("fixture-"));
    expect(csv).toHaveLength(4);
    for (const line of csv) expect(line).toContain("現在のコーパス / Current,,報告書には掲載なし / not in the report,");
    expect(
      read("README.md")
        .split("\n")
        .filter((l) => l.startsWith("| current (not in the report) |")),
    ).toHaveLength(4);
    const html = read("index.html");
    expect(html.match(/<tr [^>]*data-id="fixture-[^"]+" data-list="current"/g)).toHaveLength(4);
    expect(html).toContain('<input type="checkbox" name="lang" value="current">');
    const croissant = JSON.parse(read("croissant/fixture-web-odc.json"));
    expect(croissant.keywords).toEqual(["corpus-census list: current (not in the 2024 METI report)"]);
  });
});
