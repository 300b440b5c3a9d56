import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogCopy, useTemporaryCache } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";

describe("census diff and the change feed", () => {
  let before: CatalogCopy;
  let after: CatalogCopy;
  let site: string;

  beforeAll(() => {
    useTemporaryCache();
    before = new CatalogCopy();
    after = new CatalogCopy();
    // Start both from no recorded history (the bundled catalog ships one).
    for (const copy of [before, after]) rmSync(join(copy.dir, "changes.json"), { force: true });
    after.edit("bccwj", (e) => {
      e.commercialUse = "non-commercial";
      e.terms.commercialUse = {
        note: "Test: the terms now forbid commercial use.",
        source: "https://example.org/terms-2027",
      };
      // The licence table classes a licence agreement as by-agreement: a different class says why.
      e.classReason = {
        note: "Test: the 2027 terms forbid commercial use whatever the agreement.",
        source: "https://example.org/terms-2027",
      };
    });
    after.edit("mc4-ja", (e) => {
      e.flags.push({ code: "licence-unclear", note: "Test flag.", source: "https://example.org/flag" });
      e.sizes[0].value = 87_000_000;
    });
    site = mkdtempSync(join(tmpdir(), "census-site-"));
  });

  afterAll(() => {
    before.remove();
    after.remove();
    rmSync(site, { recursive: true, force: true });
  });

  it("lists a class change, a flag added and a size updated, as Markdown and JSON", async () => {
    const md = await census("diff", before.dir, after.dir);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain("| commercial use | by-agreement | non-commercial | https://example.org/terms-2027 |");
    expect(md.stdout).toMatch(/\| flag added \| — \| licence-unclear \|/);
    expect(md.stdout).toMatch(/\| size updated \| 87,425,304 .*documents.* \| 87,000,000 .*documents/);
    const json = JSON.parse((await census("diff", before.dir, after.dir, "--json")).stdout);
    expect(json.changes.map((c: { entry: string; type: string }) => `${c.entry}:${c.type}`)).toEqual([
      "mc4-ja:size-updated",
      "mc4-ja:flag-added",
      "bccwj:commercial-use",
    ]);
  });

  it("lists entries added and removed", async () => {
    const smaller = new CatalogCopy();
    try {
      rmSync(join(smaller.dir, smaller.fileOf("mnist")));
      const json = JSON.parse((await census("diff", before.dir, smaller.dir, "--json")).stdout);
      expect(json.changes).toEqual([expect.objectContaining({ entry: "mnist", type: "removed", new: null })]);
      const back = JSON.parse((await census("diff", smaller.dir, before.dir, "--json")).stdout);
      expect(back.changes).toEqual([expect.objectContaining({ entry: "mnist", type: "added", old: null })]);
    } finally {
      smaller.remove();
    }
  });

  it("compares git revisions of this repository", async () => {
    const result = await census("diff", "HEAD", "HEAD", "--json");
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.from).toMatch(/^git:HEAD \([0-9a-f]{10}\)$/);
    expect(json.changes).toEqual([]);
    const bad = await census("diff", "no-such-revision-or-folder");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('"no-such-revision-or-folder" is neither a folder nor a git revision');
  });

  it("records the diff once in changes.json, and publish turns it into changes.html and a valid Atom feed", async () => {
    const first = await census("diff", before.dir, after.dir, "--record", "--date", "2026-12-01");
    expect(first.stderr).toMatch(/recorded 3 change\(s\) in .*changes\.json under 2026-12-01/);
    const again = await census("diff", before.dir, after.dir, "--record", "--date", "2026-12-01");
    expect(again.stderr).toContain("already holds this diff");
    const log = JSON.parse(readFileSync(join(after.dir, "changes.json"), "utf8"));
    expect(log.versions).toHaveLength(1);
    expect(log.versions[0].changes).toHaveLength(3);

    const published = await census(
      "publish",
      "--catalog",
      after.dir,
      "--out",
      site,
      "--site-url",
      "https://lists.example.org/corpora/",
    );
    expect(published.code).toBe(0);
    const atom = readFileSync(join(site, "changes.xml"), "utf8");
    expect(XMLValidator.validate(atom)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false, isArray: (name) => ["entry", "link"].includes(name) }).parse(
      atom,
    ).feed;
    // RFC 4287: a feed has id, title, updated and an author; each entry id, title, updated, and a link or content.
    expect(feed["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(feed.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(feed.title).toBeTruthy();
    expect(feed.updated).toBe("2026-12-01T00:00:00Z");
    expect(feed.author.name).toBe("corpus-census");
    expect(feed.link.find((l: Record<string, string>) => l["@_rel"] === "self")["@_href"]).toBe(
      "https://lists.example.org/corpora/changes.xml",
    );
    expect(feed.entry).toHaveLength(2);
    const ids = feed.entry.map((e: { id: string }) => e.id);
    expect(new Set(ids).size).toBe(2);
    for (const entry of feed.entry) {
      expect(entry.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(entry.updated).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
      expect(entry.title).toBeTruthy();
      expect(entry.link.length).toBeGreaterThan(0);
    }
    const bccwj = feed.entry.find((e: { category: Record<string, string> }) => e.category["@_term"] === "bccwj");
    expect(bccwj.summary).toBe("Commercial use: by-agreement → non-commercial");
    expect(bccwj.link.find((l: Record<string, string>) => l["@_rel"] === "related")["@_href"]).toBe(
      "https://lists.example.org/corpora/entries/bccwj.json",
    );

    const html = readFileSync(join(site, "changes.html"), "utf8");
    expect(html).toContain('<section id="2026-12-01-bccwj">');
    expect(html).toContain("<del>by-agreement</del> → <ins>non-commercial</ins>");
    expect(html).toContain('href="entries/bccwj.json"');
    expect(html).toContain("not legal advice");

    // The same catalog gives the same feed, byte for byte.
    const site2 = mkdtempSync(join(tmpdir(), "census-site-"));
    await census("publish", "--catalog", after.dir, "--out", site2, "--site-url", "https://lists.example.org/corpora/");
    expect(readFileSync(join(site2, "changes.xml"), "utf8")).toBe(atom);
    rmSync(site2, { recursive: true, force: true });
  });

  it("publishes an empty but valid feed for a catalog with no recorded history", async () => {
    const out = mkdtempSync(join(tmpdir(), "census-site-"));
    try {
      await census("publish", "--catalog", before.dir, "--out", out);
      const atom = readFileSync(join(out, "changes.xml"), "utf8");
      expect(XMLValidator.validate(atom)).toBe(true);
      expect(atom).not.toContain("<entry>");
      expect(readFileSync(join(out, "changes.html"), "utf8")).toContain("No changes have been recorded yet.");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
