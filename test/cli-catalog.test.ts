import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { isUsable, loadCatalog, type Entry, entryList } from "@corpus-census/catalog";
import { BUNDLED_CATALOG, CatalogCopy, useTemporaryCache } from "./helpers/catalog-copy.js";
import { census, censusProcess } from "./helpers/run-cli.js";

const catalog = loadCatalog(BUNDLED_CATALOG);
const ids = (json: string) => (JSON.parse(json) as Entry[]).map((e) => e.id);

beforeAll(() => {
  useTemporaryCache();
});

describe("census list", () => {
  it("answers which corpora a commercial model may be trained on, and how to get them", async () => {
    const { code, stdout } = await census("list", "--usable", "commercial");
    expect(code).toBe(0);
    const expected = catalog.entries.filter((e) => isUsable(e, "commercial"));
    expect(expected.length).toBeGreaterThan(0);
    for (const e of expected) {
      expect(stdout).toContain(e.id);
      expect(stdout).toContain(
        e.acquisition.huggingFace ? `hf:${e.acquisition.huggingFace}` : (e.acquisition.url ?? e.homepage)!.slice(0, 40),
      );
    }
    for (const e of catalog.entries.filter((x) => !isUsable(x, "commercial"))) {
      expect(stdout).not.toMatch(new RegExp(`\\s${e.id}\\s`));
    }
    expect(stdout).toMatch(new RegExp(`${expected.length} of ${catalog.entries.length} entries`));
  });

  it("shows every flag of each answer, and says what the usable rule does with licence-unclear", async () => {
    const { stdout } = await census("list", "--usable", "commercial");
    const flagged = catalog.entries.filter(
      (e) => isUsable(e, "commercial") && e.flags.some((f) => f.code === "licence-unclear"),
    );
    expect(flagged.map((e) => e.id)).toEqual(expect.arrayContaining(["oscar-original-ja", "oscar-deduplicated-ja"]));
    const lines = stdout.split("\n");
    for (const e of catalog.entries.filter((x) => isUsable(x, "commercial"))) {
      // An entry's row runs from its line to the next entry's line (flags wrap onto further lines).
      const start = lines.findIndex((l) => new RegExp(`\\s${e.id}\\s`).test(l));
      let end = start + 1;
      while (end < lines.length && /^\s/.test(lines[end]!)) end++;
      const row = lines.slice(start, end).join(" ");
      for (const code of new Set(e.flags.map((f) => f.code))) expect(row, `${e.id} ${code}`).toContain(code);
      expect(row).not.toContain("…,");
    }
    expect(stdout).toContain("entries flagged licence-unclear are kept and shown with that flag");
    expect(stdout).toMatch(
      new RegExp(
        `⚠ ${flagged.length} of these are flagged licence-unclear \\(${flagged.map((e) => e.id).join(", ")}\\)`,
      ),
    );
  });

  it("prints full entries as a JSON array with --json", async () => {
    const { code, stdout } = await census("list", "--lang", "en", "--json");
    expect(code).toBe(0);
    const entries = JSON.parse(stdout) as Entry[];
    expect(entries).toEqual(catalog.entries.filter((e) => entryList(e) === "en"));
  });

  it("combines filters and accepts comma-separated and repeated values", async () => {
    const a = await census(
      "list",
      "--commercial",
      "allowed,allowed-with-conditions",
      "--access",
      "open-download",
      "--json",
    );
    const b = await census(
      "list",
      "--commercial",
      "allowed",
      "--commercial",
      "allowed-with-conditions",
      "--access",
      "open-download",
      "--json",
    );
    expect(ids(a.stdout)).toEqual(ids(b.stdout));
    expect(ids(a.stdout)).toEqual(
      catalog.entries
        .filter((e) => ["allowed", "allowed-with-conditions"].includes(e.commercialUse) && e.access === "open-download")
        .map((e) => e.id),
    );
  });

  it("filters by kind and by flag", async () => {
    expect(ids((await census("list", "--kind", "images", "--json")).stdout)).toEqual(
      catalog.entries.filter((e) => e.kind === "images").map((e) => e.id),
    );
    const notText = ids((await census("list", "--flag", "not-text", "--json")).stdout);
    expect(notText).toContain("mnist");
    expect(notText).toEqual(catalog.entries.filter((e) => e.flags.some((f) => f.code === "not-text")).map((e) => e.id));
  });

  it("refuses an unknown filter value with exit 2, naming the option and the allowed values", async () => {
    const { code, stderr } = await census("list", "--access", "download");
    expect(code).toBe(2);
    expect(stderr).toContain('--access: unknown value "download"; expected one of: open-download, registration');
    expect((await census("list", "--usable", "fun")).code).toBe(2);
    expect((await census("list", "--no-such-option")).code).toBe(2);
  });
});

describe("census show, search", () => {
  it("shows an entry with its sources, or its JSON", async () => {
    const entry = catalog.entries.find((e) => e.id === "bccwj")!;
    const table = await census("show", "bccwj");
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(entry.name.ja);
    expect(table.stdout).toContain(entry.licence.source);
    expect(table.stdout).toContain("Not legal advice");
    const json = await census("show", "bccwj", "--json");
    expect(JSON.parse(json.stdout)).toEqual(entry);
  });

  it("says when an id is unknown", async () => {
    const { code, stderr } = await census("show", "bccw");
    expect(code).toBe(1);
    expect(stderr).toContain('no entry with id "bccw"; did you mean: bccwj');
    expect((await census("show")).code).toBe(2);
  });

  it("searches in Japanese and in English", async () => {
    const ja = await census("search", "書き言葉", "--json");
    expect(ids(ja.stdout)).toEqual(expect.arrayContaining(["bccwj", "shc"]));
    const en = await census("search", "soap", "opera", "--json");
    expect(ids(en.stdout)).toContain("soap-corpus");
    expect((await census("search")).code).toBe(2);
  });

  it("finds entries by the Japanese words for their class, access route and kind", async () => {
    // 商用: the classes 商用可, 条件付きで商用可 and 非商用のみ all say it.
    const commercial = ids((await census("search", "商用", "--json")).stdout);
    const classes = catalog.entries
      .filter((e) => ["allowed", "allowed-with-conditions", "non-commercial"].includes(e.commercialUse))
      .map((e) => e.id);
    expect(classes.length).toBeGreaterThan(5);
    expect(commercial).toEqual(expect.arrayContaining(classes));
    expect(commercial).toEqual(expect.arrayContaining(["mc4-ja", "wikipedia-ja", "eebo"]));
    // 商用可 is in 商用可 and 条件付きで商用可 but not in 非商用のみ.
    const allowed = ids((await census("search", "商用可", "--json")).stdout);
    expect(allowed).toEqual(
      expect.arrayContaining(catalog.entries.filter((e) => e.commercialUse.startsWith("allowed")).map((e) => e.id)),
    );
    expect(allowed).not.toContain("bsd");
    // ニュース: the kind 新聞・ニュース, NOW included.
    const news = ids((await census("search", "ニュース", "--json")).stdout);
    expect(news).toEqual(
      expect.arrayContaining([
        "now",
        "coronavirus-corpus",
        ...catalog.entries.filter((e) => e.kind === "news").map((e) => e.id),
      ]),
    );
    // 検索のみ: exactly the search-interface-only access route, plus entries flagged search-only.
    const searchOnly = ids((await census("search", "検索のみ", "--json")).stdout);
    expect(searchOnly).toEqual(
      catalog.entries
        .filter((e) => e.access === "search-only" || e.flags.some((f) => f.code === "search-only"))
        .map((e) => e.id),
    );
    // Full-width letters read as ASCII.
    expect(ids((await census("search", "ＯＳＣＡＲ", "--json")).stdout)).toContain("oscar-original-ja");
    const table = await census("search", "ニュース");
    expect(table.stdout).toMatch(/\bnow\b/);
  });
});

describe("census validate and every loading command on a broken catalog", () => {
  let copy: CatalogCopy;
  afterEach(() => copy?.remove());

  it("passes on the bundled catalog", async () => {
    const { code, stdout } = await census("validate");
    expect(code).toBe(0);
    expect(stdout).toMatch(/is valid: \d+ entries \(ja 30, en 29, other 4, current \d+\)/);
  });

  it("reports all problems of all files with exit 1, and every command refuses the catalog", async () => {
    copy = new CatalogCopy();
    copy.edit("bsd", (e) => (e.commercialUse = "free"));
    copy.edit("jaquad", (e) => e.flags.push({ code: "subset-of", target: "squad", note: "x", source: "report" }));
    copy.edit("twc", (e) => delete e.sizes[0].unit);
    const { code, stderr } = await census("validate", "--catalog", copy.dir);
    expect(code).toBe(1);
    expect(stderr).toContain(`${copy.fileOf("bsd")}: commercialUse: expected one of:`);
    expect(stderr).toMatch(/jaquad\.json: flags\[\d+\]\.target: flag "subset-of" points at "squad"/);
    expect(stderr).toMatch(/twc\.json: sizes\[0\]\.unit: expected a unit/);
    expect(stderr).toContain("3 problem(s) in 3 file(s)");

    for (const args of [["list"], ["show", "bsd"], ["search", "corpus"], ["db", "--out", join(copy.dir, "x.sqlite")]]) {
      const result = await census(...args, "--catalog", copy.dir);
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.stderr, args.join(" ")).toContain(`${copy.fileOf("bsd")}: commercialUse`);
    }
    expect(existsSync(join(copy.dir, "x.sqlite"))).toBe(false);
  });

  it("works on another catalog folder with --catalog", async () => {
    copy = new CatalogCopy();
    copy.edit("bsd", (e) => {
      e.commercialUse = "allowed";
      // CC BY-NC-SA is non-commercial by the licence table: a different class must say why.
      e.classReason = { note: "a test of --catalog", source: "https://example.org/" };
    });
    const { stdout } = await census("list", "--commercial", "allowed", "--json", "--catalog", copy.dir);
    expect(ids(stdout)).toContain("bsd");
  });
});

describe("census db", () => {
  it("writes the catalog as a SQLite file", async () => {
    const out = join(useTemporaryCache(), "catalog.sqlite");
    const { code, stdout } = await census("db", "--out", out);
    expect(code).toBe(0);
    expect(stdout).toContain(`${catalog.entries.length} entries`);
    const db = new Database(out, { readonly: true });
    expect((db.prepare("SELECT count(*) AS n FROM entries").get() as { n: number }).n).toBe(catalog.entries.length);
    db.close();
    expect((await census("db")).code).toBe(2);
  });
});

describe("the installed command", () => {
  it("runs from the built CLI with exit codes 0, 1 and 2", () => {
    const env = { CENSUS_CACHE_DIR: useTemporaryCache() };
    const ok = censusProcess(["list", "--lang", "other"], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("diet-proceedings");
    expect(censusProcess(["show", "nope"], env).code).toBe(1);
    expect(censusProcess(["frobnicate"], env).code).toBe(2);
  });
});
