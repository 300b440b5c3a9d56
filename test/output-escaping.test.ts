import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogCopy, useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";
import { COUNT_FIXTURES } from "./helpers/samples.js";

/**
 * A hostile catalog entry (raw HTML, a javascript: link, terminal escape sequences in its
 * names) and a hostile file name: the published README.md shows them as text, and the terminal
 * gets no control character census did not mean to send.
 */
const ESC = "\x1b";
const HTML = `<img src=x onerror=alert(1)><script>alert(2)</script>`;
const LINK = `[click me](javascript:alert(3)) ![pic](javascript:alert(4)) <javascript:alert(5)>`;
const TERMINAL = `${ESC}]8;;https://evil.example${ESC}\\hyperlink${ESC}]8;;${ESC}\\ ${ESC}[2J${ESC}[31mred\x07\x9b1m\u202eevil`;

/** Control characters a terminal acts on: C0 (but tab and newline), DEL, C1, and bidirectional overrides. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

describe("hostile catalog names and file names", () => {
  let copy: CatalogCopy;
  beforeAll(() => {
    useTemporaryCache();
    copy = new CatalogCopy();
    copy.edit("bsd", (e) => {
      e.name.en = `${HTML} ${LINK}`;
      e.name.ja = `${TERMINAL} ${LINK}`;
    });
  });
  afterAll(() => copy.remove());

  it("the published README.md shows raw HTML and javascript: links as text", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "census-publish-")), "site");
    expect((await census("publish", "--out", out, "--catalog", copy.dir)).code).toBe(0);
    const markdown = readFileSync(join(out, "README.md"), "utf8");
    const row = markdown.split("\n").find((l) => l.includes("onerror"))!;
    expect(row).toBeDefined();
    // No tag, no autolink, no link or image: every <, [ and ] from the catalog is escaped.
    expect(row).not.toMatch(/<[a-z/!]/i);
    expect(row).not.toMatch(/(^|[^\\])\[[^\]]*[^\\]\]\(/);
    expect(row).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(row).toContain("\\[click me\\](javascript:alert(3))");
    expect(row).not.toMatch(CONTROL);
    // What is not hostile is printed as before.
    expect(markdown).toContain("| licence | commercial use |");
  });

  it("census list and census show print terminal escape sequences as visible text", async () => {
    for (const argv of [
      ["list", "--lang", "ja"],
      ["show", "bsd"],
      ["search", "hyperlink"],
    ]) {
      const { code, stdout, stderr } = await census(...argv, "--catalog", copy.dir);
      expect(code, argv.join(" ")).toBe(0);
      expect(stdout + stderr, argv.join(" ")).not.toMatch(CONTROL);
      if (argv[0] !== "list") expect(stdout).toContain("\\u001b]8;;https://evil.example");
    }
    // JSON stays JSON: the same characters as escapes that parse back to them.
    const json = await census("show", "bsd", "--json", "--catalog", copy.dir);
    expect(json.stdout).not.toMatch(CONTROL);
    expect(JSON.parse(json.stdout).name.ja).toBe(`${TERMINAL} ${LINK}`);
  });

  it("census count prints a file name with escape sequences as visible text", async () => {
    const dir = mkdtempSync(join(tmpdir(), "census-names-"));
    const file = join(dir, `a${ESC}[2J${ESC}]0;title\x07b.txt`);
    writeFileSync(file, readFileSync(join(COUNT_FIXTURES, "sample.txt")));
    const counted = await census("count", file, "--tokenizer", "r50k_base");
    expect(counted.code).toBe(0);
    expect(counted.stdout + counted.stderr).not.toMatch(CONTROL);
    expect(counted.stdout).toContain("a\\u001b[2J\\u001b]0;title\\u0007b.txt");
    const missing = await census("count", join(dir, `gone${ESC}[31m.txt`), "--tokenizer", "r50k_base");
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("gone\\u001b[31m.txt");
    expect(missing.stderr).not.toMatch(CONTROL);
  });
});

describe("the two escapes of control characters", () => {
  it("agree on every code point below U+3000", async () => {
    const { escapeControls } = await import("@corpus-census/catalog");
    const { terminalText } = await import("../packages/cli/src/terminal-text.js");
    const all = Array.from({ length: 0x3000 }, (_, i) => String.fromCharCode(i)).join("");
    expect(terminalText(all)).toBe(escapeControls(all));
    expect(terminalText(all)).not.toMatch(CONTROL);
  });
});
