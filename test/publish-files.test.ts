import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog, NOT_USABLE_TEXT_FLAGS } from "@corpus-census/catalog";
import { csvCell, escapeHtml, publish } from "@corpus-census/publish";
import { BUNDLED_CATALOG, CatalogCopy, useTemporaryCache } from "./helpers/catalog-copy.js";

/** Every entry of the bundled catalog, both lists. */
const ENTRIES = loadCatalog(BUNDLED_CATALOG).entries.length;
import { census } from "./helpers/run-cli.js";

const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes" 'single'`;

/** Parses RFC 4180 CSV (quoted fields with "" escapes, CRLF records). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

describe("census publish", () => {
  let copy: CatalogCopy;
  let out: string;
  beforeAll(async () => {
    useTemporaryCache();
    copy = new CatalogCopy();
    copy.edit("bsd", (e) => {
      e.description.en = HOSTILE;
      e.licence.note = HOSTILE;
      e.flags.push({ code: "licence-unclear", note: HOSTILE, source: "report" });
    });
    copy.edit("twc", (e) => {
      e.publisher = '=HYPERLINK("http://evil.example","click")';
      e.name.en = "+1 formula";
      e.acquisition.cost = "-5 JPY";
      e.description.ja = "@SUM(A1:A9)";
    });
    out = mkdtempSync(join(tmpdir(), "census-publish-"));
    const { code, stdout } = await census("publish", "--out", out, "--catalog", copy.dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      new RegExp(`wrote .*: \\d+ files \\(${ENTRIES} sources; Croissant metadata for \\d+ downloadable ones\\)`),
    );
  });
  afterAll(() => copy.remove());

  it("escapes every catalog string in the page", () => {
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(html.match(/<tr [^>]*data-id="/g)?.length).toBe(ENTRIES);
    expect(html).toMatch(/not legal advice/i);
    expect(html).toContain("法的助言ではありません");
    expect(html).not.toMatch(/(src|href)="https?:\/\/[^"]*\.(js|css)"/);
  });

  it("writes a CSV with a byte-order mark, RFC 4180 quoting, bilingual headers and no formulas", () => {
    const raw = readFileSync(join(out, "corpora.csv"), "utf8");
    expect(raw.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(raw.slice(1));
    expect(rows.length).toBe(ENTRIES + 1);
    expect(rows[0]![0]).toBe("ID");
    expect(rows[0]).toContain("商用利用 / Commercial use");
    for (const row of rows) {
      expect(row.length).toBe(rows[0]!.length);
      for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
    }
    const twc = rows.find((r) => r[0] === "twc")!;
    expect(twc).toContain(`'=HYPERLINK("http://evil.example","click")`);
    expect(twc).toContain("'+1 formula");
    expect(twc).toContain("'-5 JPY");
    expect(rows.find((r) => r[0] === "bsd")!.join(" ")).toContain(HOSTILE);
  });

  it("gives bilingual values wherever the CSV's headers are bilingual, and the notice on every row", () => {
    const rows = parseCsv(readFileSync(join(out, "corpora.csv"), "utf8").slice(1));
    const header = rows[0]!;
    const column = (name: string) => header.indexOf(name);
    const bilingual = /^[^/]*[\u3040-\u30ff\u4e00-\u9fff][^/]* \/ [A-Za-z]/;
    for (const name of [
      "リスト / List",
      "種類 / Kind",
      "商用利用 / Commercial use",
      "入手方法 / Access",
      "商用学習に利用可 / Usable for commercial training",
      "推定方法 / Estimated by",
      "確度 / Confidence",
      "注意事項 / Notice",
    ]) {
      expect(column(name), name).toBeGreaterThan(0);
      for (const row of rows.slice(1)) expect(row[column(name)], `${row[0]} ${name}`).toMatch(bilingual);
    }
    const notice = column("注意事項 / Notice");
    for (const row of rows.slice(1)) expect(row[notice]).toMatch(/法的助言ではありません.* \/ Not legal advice/);
    const bccwj = rows.find((r) => r[0] === "bccwj")!;
    expect(bccwj[column("規模 / Sizes (unit)")]).toMatch(/短単位語 \/ [\d,]+ .*short-unit words/);
    const flags = rows.find((r) => r[0] === "mc4-ja")![column("注意 / Flags")]!;
    expect(flags).toContain("他項目と重複 / Overlaps another entry (cc100-ja)");
    expect(rows.find((r) => r[0] === "now")![column("元データ / Catalog file")]).toBe("entries/now.json");
  });

  it("copies each entry's catalog file, byte for byte, next to the page", () => {
    const catalog = loadCatalog(copy.dir);
    expect(readdirSync(join(out, "entries")).length).toBe(catalog.entries.length);
    for (const e of catalog.entries) {
      expect(
        readFileSync(join(out, "entries", `${e.id}.json`)).equals(readFileSync(join(copy.dir, copy.fileOf(e.id)))),
        e.id,
      ).toBe(true);
    }
  });

  it("quotes cells as RFC 4180 says", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell("=1+1")).toBe("'=1+1");
  });

  it("writes the catalog as JSON with its schema version, and Croissant metadata for downloadable sources", () => {
    const json = JSON.parse(readFileSync(join(out, "corpora.json"), "utf8"));
    expect(json.schemaVersion).toBe("1.1.0");
    expect(json.entries.length).toBe(ENTRIES);
    const croissant = readdirSync(join(out, "croissant"));
    expect(croissant).toContain("wikipedia-ja.json");
    expect(croissant).not.toContain("bccwj.json");
    const wiki = JSON.parse(readFileSync(join(out, "croissant", "wikipedia-ja.json"), "utf8"));
    expect(wiki["@type"]).toBe("sc:Dataset");
    expect(wiki.conformsTo).toBe("http://mlcommons.org/croissant/1.0");
    expect(wiki.license).toMatch(/^https:\/\/spdx\.org\/licenses\/CC-BY-SA/);
    expect(wiki.distribution[0].contentUrl).toBe("https://huggingface.co/datasets/wikimedia/wikipedia");
    for (const entry of json.entries) expect(entry).not.toHaveProperty("$schema");
    // Croissant describes text data sets only: not MNIST (images) or a list entry with no such language.
    const catalog = loadCatalog(copy.dir);
    const noText = catalog.entries.filter((e) =>
      e.flags.some((f) => (NOT_USABLE_TEXT_FLAGS as readonly string[]).includes(f.code)),
    );
    expect(noText.map((e) => e.id)).toContain("mnist");
    for (const e of noText) expect(croissant, e.id).not.toContain(`${e.id}.json`);
    for (const file of croissant) {
      const c = JSON.parse(readFileSync(join(out, "croissant", file), "utf8"));
      for (const text of [c.description, c.distribution[0].description]) {
        // Sentences: a capital first, a full stop last, and no step running into the next.
        expect(text, file).toMatch(/^[A-Z"'(<]/);
        for (const sentence of text.split(/ Step \d+: /)) expect(sentence, file).toMatch(/[.!?。]["'”’)]?$/);
      }
      expect(c.distribution[0].description).toMatch(/^Where to obtain .*\. Step 1: /);
    }
    const readme = readFileSync(join(out, "README.md"), "utf8");
    expect(readme).toMatch(/not legal advice/i);
    // Each overlap names the entry it overlaps.
    const mc4 = readme.split("\n").find((l) => l.startsWith("| ja 2 "))!;
    expect(mc4).toContain("Overlaps another entry (cc100-ja, oscar-original-ja)");
    expect(readme).not.toMatch(/Overlaps another entry(?! \()/);
    expect(
      readme.split("\n").filter((l) => l.startsWith("| ja ") || l.startsWith("| en ") || l.startsWith("| other "))
        .length,
    ).toBe(63);
  });

  it("is deterministic: the same catalog gives byte-identical files", () => {
    const again = mkdtempSync(join(tmpdir(), "census-publish-again-"));
    publish(loadCatalog(copy.dir), again);
    for (const file of [
      "index.html",
      "corpora.csv",
      "corpora.json",
      "README.md",
      "croissant/wikipedia-ja.json",
      "entries/bsd.json",
    ]) {
      expect(readFileSync(join(again, file)).equals(readFileSync(join(out, file))), file).toBe(true);
    }
  });

  it("needs --out", async () => {
    expect((await census("publish")).code).toBe(2);
  });
});
