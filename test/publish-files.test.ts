import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "@corpus-census/catalog";
import { csvCell, escapeHtml, publish } from "@corpus-census/publish";
import { CatalogCopy, useTemporaryCache } from "./helpers/catalog-copy.js";
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
      e.publisher = "=HYPERLINK(\"http://evil.example\",\"click\")";
      e.name.en = "+1 formula";
      e.acquisition.cost = "-5 JPY";
      e.description.ja = "@SUM(A1:A9)";
    });
    out = mkdtempSync(join(tmpdir(), "census-publish-"));
    const { code, stdout } = await census("publish", "--out", out, "--catalog", copy.dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/wrote .*: \d+ files \(63 sources; Croissant metadata for \d+ downloadable ones\)/);
  });
  afterAll(() => copy.remove());

  it("escapes every catalog string in the page", () => {
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(html.match(/<tr data-id="/g)?.length).toBe(63);
    expect(html).toMatch(/not legal advice/i);
    expect(html).toContain("法的助言ではありません");
    expect(html).not.toMatch(/(src|href)="https?:\/\/[^"]*\.(js|css)"/);
  });

  it("writes a CSV with a byte-order mark, RFC 4180 quoting, bilingual headers and no formulas", () => {
    const raw = readFileSync(join(out, "corpora.csv"), "utf8");
    expect(raw.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(raw.slice(1));
    expect(rows.length).toBe(64);
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

  it("quotes cells as RFC 4180 says", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell("=1+1")).toBe("'=1+1");
  });

  it("writes the catalog as JSON with its schema version, and Croissant metadata for downloadable sources", () => {
    const json = JSON.parse(readFileSync(join(out, "corpora.json"), "utf8"));
    expect(json.schemaVersion).toBe("1.1.0");
    expect(json.entries.length).toBe(63);
    const croissant = readdirSync(join(out, "croissant"));
    expect(croissant).toContain("wikipedia-ja.json");
    expect(croissant).not.toContain("bccwj.json");
    const wiki = JSON.parse(readFileSync(join(out, "croissant", "wikipedia-ja.json"), "utf8"));
    expect(wiki["@type"]).toBe("sc:Dataset");
    expect(wiki.conformsTo).toBe("http://mlcommons.org/croissant/1.0");
    expect(wiki.license).toMatch(/^https:\/\/spdx\.org\/licenses\/CC-BY-SA/);
    expect(wiki.distribution[0].contentUrl).toBe("https://huggingface.co/datasets/wikimedia/wikipedia");
    const readme = readFileSync(join(out, "README.md"), "utf8");
    expect(readme).toMatch(/not legal advice/i);
    expect(readme.split("\n").filter((l) => l.startsWith("| ja ") || l.startsWith("| en ") || l.startsWith("| other ")).length).toBe(63);
  });

  it("is deterministic: the same catalog gives byte-identical files", () => {
    const again = mkdtempSync(join(tmpdir(), "census-publish-again-"));
    publish(loadCatalog(copy.dir), again);
    for (const file of ["index.html", "corpora.csv", "corpora.json", "README.md", "croissant/wikipedia-ja.json"]) {
      expect(readFileSync(join(again, file)).equals(readFileSync(join(out, file))), file).toBe(true);
    }
  });

  it("needs --out", async () => {
    expect((await census("publish")).code).toBe(2);
  });
});
